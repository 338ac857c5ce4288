package org.transitionnet.federation.store;

import java.util.Map;
import java.util.Objects;
import org.transitionnet.federation.job.JobSpec;

/**
 * A job as stored: its spec, status and the sites' decisions on it.
 *
 * @param spec what was asked
 * @param status where it is
 * @param decisions per site: null reason when it accepted, else the refusal reason
 * @param failure why it failed, or empty
 */
public record JobRecord(
    JobSpec spec, JobStatus status, Map<String, SiteDecision> decisions, String failure) {

  /** One site's answer to the job offer. */
  public record SiteDecision(boolean accepted, String rule, String reason) {}

  public JobRecord {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    decisions = Map.copyOf(decisions);
    Objects.requireNonNull(failure, "failure");
  }

  public JobRecord with(JobStatus newStatus, String newFailure) {
    return new JobRecord(spec, newStatus, decisions, newFailure);
  }

  public JobRecord withDecisions(Map<String, SiteDecision> newDecisions) {
    return new JobRecord(spec, status, newDecisions, failure);
  }
}
