package org.transitionnet.security.secagg;

import java.util.List;
import java.util.Objects;

/** Phase 0, server to every site: all advertisements received (the set U1). */
public record KeyRoster(String jobId, long round, List<KeyAdvertisement> advertisements)
    implements RoundMessage {

  public KeyRoster {
    Objects.requireNonNull(jobId, "jobId");
    advertisements = List.copyOf(advertisements);
  }
}
