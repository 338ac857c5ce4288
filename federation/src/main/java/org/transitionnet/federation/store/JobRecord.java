package org.transitionnet.federation.store;

import java.util.Map;
import java.util.Objects;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.statistics.SlotStatistics;

/**
 * A job as stored: its spec, status, the sites' decisions on it and its pooled feature statistics.
 *
 * @param spec what was asked
 * @param status where it is
 * @param decisions per site: null reason when it accepted, else the refusal reason
 * @param failure why it failed, or empty
 * @param statistics the pooled statistics of the participants' training splits (statistics step),
 *     sent with every train and evaluate task; {@code null} before the step ran or for jobs run
 *     without it
 */
public record JobRecord(
    JobSpec spec,
    JobStatus status,
    Map<String, SiteDecision> decisions,
    String failure,
    SlotStatistics statistics) {

  /** One site's answer to the job offer. */
  public record SiteDecision(boolean accepted, String rule, String reason) {}

  public JobRecord {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    decisions = Map.copyOf(decisions);
    Objects.requireNonNull(failure, "failure");
  }

  /** A job without pooled statistics (yet). */
  public JobRecord(
      JobSpec spec, JobStatus status, Map<String, SiteDecision> decisions, String failure) {
    this(spec, status, decisions, failure, null);
  }

  public JobRecord with(JobStatus newStatus, String newFailure) {
    return new JobRecord(spec, newStatus, decisions, newFailure, statistics);
  }

  public JobRecord withDecisions(Map<String, SiteDecision> newDecisions) {
    return new JobRecord(spec, status, newDecisions, failure, statistics);
  }

  public JobRecord withStatistics(SlotStatistics pooled) {
    return new JobRecord(spec, status, decisions, failure, pooled);
  }
}
