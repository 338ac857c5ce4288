package org.transitionnet.federation.evaluation;

import java.util.Objects;
import org.transitionnet.federation.statistics.SlotStatistics;

/**
 * The job an evaluation belongs to, as far as a site needs it: which split to evaluate on and how
 * to encode.
 *
 * @param jobId the job whose leaderboard the evaluation is for
 * @param splitSeed seed of the within-site train/test split (the job's seed)
 * @param statistics the job's pooled feature statistics
 * @param modelSpec the job's model spec, so that a site builds the model to evaluate without having
 *     to remember the job's offer (it may have restarted since); empty when not known
 */
public record EvaluationScope(
    String jobId, long splitSeed, SlotStatistics statistics, String modelSpec) {

  public EvaluationScope {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(statistics, "statistics");
    modelSpec = modelSpec == null ? "" : modelSpec;
  }

  /** A scope that names no model spec. */
  public EvaluationScope(String jobId, long splitSeed, SlotStatistics statistics) {
    this(jobId, splitSeed, statistics, "");
  }
}
