package org.transitionnet.federation.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened in one completed round, written once together with the model version it produced.
 *
 * @param jobId the job
 * @param round the round number (equals the produced model version)
 * @param attempt the attempt that completed
 * @param participants sites that were sent the task
 * @param reported sites whose whole update entered the aggregate
 * @param totalSamples sum of the reported sites' sample counts
 * @param meanLoss sample-weighted mean of the sites' reported training losses
 * @param closedBy why the round closed
 * @param started when the task was sent
 * @param closed when the round closed
 */
public record RoundRecord(
    String jobId,
    int round,
    int attempt,
    List<String> participants,
    List<String> reported,
    long totalSamples,
    double meanLoss,
    ClosedBy closedBy,
    Instant started,
    Instant closed) {

  /** Why a round stopped waiting. */
  public enum ClosedBy {
    /** Every participant reported (or failed). */
    ALL_REPORTED,
    /** The deadline passed with at least the minimum number of sites reported. */
    DEADLINE
  }

  public RoundRecord {
    Objects.requireNonNull(jobId, "jobId");
    participants = List.copyOf(participants);
    reported = List.copyOf(reported);
    Objects.requireNonNull(closedBy, "closedBy");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(closed, "closed");
  }
}
