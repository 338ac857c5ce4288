package org.transitionnet.security.secagg;

import java.util.List;
import java.util.Objects;

/** Phase 3, site to server: the shares that let the server remove the masks from the sum. */
public record UnmaskingResponse(String jobId, long round, String siteId, List<RevealedShare> shares)
    implements RoundMessage {

  public UnmaskingResponse {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(siteId, "siteId");
    shares = List.copyOf(shares);
  }
}
