package org.transitionnet.security.secagg;

import java.util.List;
import java.util.Objects;

/** Phase 1, site to server: the site's encrypted shares, one per neighbour. */
public record ShareBundle(String jobId, long round, String siteId, List<EncryptedShare> shares)
    implements RoundMessage {

  public ShareBundle {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(siteId, "siteId");
    shares = List.copyOf(shares);
  }
}
