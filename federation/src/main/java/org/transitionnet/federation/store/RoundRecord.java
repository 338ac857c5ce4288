package org.transitionnet.federation.store;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param epsilonSpent per reported site, the ε the job has spent there so far (DP jobs; empty
 *     otherwise)
 * @param failures per participant that did not report, why (its task failure, e.g. a privacy budget
 *     refusal, or "disconnected")
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
    Instant closed,
    Map<String, Double> epsilonSpent,
    Map<String, String> failures) {

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
    epsilonSpent = Collections.unmodifiableMap(new TreeMap<>(epsilonSpent));
    failures = Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  /** A round of a job without DP in which no site failed. */
  public RoundRecord(
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
    this(
        jobId,
        round,
        attempt,
        participants,
        reported,
        totalSamples,
        meanLoss,
        closedBy,
        started,
        closed,
        Map.of(),
        Map.of());
  }

  /** The largest ε any site reported spending on the job by this round (0 without DP). */
  public double maxEpsilonSpent() {
    return epsilonSpent.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
