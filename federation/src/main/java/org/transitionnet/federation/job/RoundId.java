package org.transitionnet.federation.job;

import java.util.Objects;

/**
 * One attempt of one round of one job. Every round-scoped message carries it and is checked against
 * it.
 *
 * @param jobId the job
 * @param round 1-based round number
 * @param attempt 1-based attempt; a restarted round runs again with the next attempt
 */
public record RoundId(String jobId, int round, int attempt) {

  public RoundId {
    Objects.requireNonNull(jobId, "jobId");
    if (round < 0 || attempt < 0) {
      throw new IllegalArgumentException("round and attempt must be >= 0");
    }
  }

  @Override
  public String toString() {
    return jobId + "/" + round + "#" + attempt;
  }
}
