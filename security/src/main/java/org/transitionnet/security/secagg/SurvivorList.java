package org.transitionnet.security.secagg;

import java.util.List;
import java.util.Objects;

/** Phase 2, server to sites: who sent a masked input (U3); their inputs are in the sum. */
public record SurvivorList(String jobId, long round, List<String> survivors)
    implements RoundMessage {

  public SurvivorList {
    Objects.requireNonNull(jobId, "jobId");
    survivors = List.copyOf(survivors);
  }
}
