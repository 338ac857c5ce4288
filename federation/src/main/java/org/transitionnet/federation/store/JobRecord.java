package org.transitionnet.federation.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.transitionnet.federation.job.EvaluationProtocol;
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
 * @param protocol which §7 methods the job's leaderboard holds
 * @param subJob for a job the coordinator runs as one method of another job's protocol: which job,
 *     which method and the only sites it is offered to; {@code null} for a researcher's job
 */
public record JobRecord(
    JobSpec spec,
    JobStatus status,
    Map<String, SiteDecision> decisions,
    String failure,
    SlotStatistics statistics,
    EvaluationProtocol protocol,
    SubJob subJob) {

  /** One site's answer to the job offer. */
  public record SiteDecision(boolean accepted, String rule, String reason) {}

  /**
   * A job trained for one method of another job's §7 protocol ({@code local:<site>} or {@code
   * loso:<site>}).
   *
   * @param parentJobId the job whose leaderboard the method belongs to
   * @param method the leaderboard name, e.g. {@code local:site-a}
   * @param sites the only sites the job is offered to and trained at
   */
  public record SubJob(String parentJobId, String method, List<String> sites) {
    public SubJob {
      Objects.requireNonNull(parentJobId, "parentJobId");
      Objects.requireNonNull(method, "method");
      sites = List.copyOf(sites);
      if (sites.isEmpty()) {
        throw new IllegalArgumentException("a sub-job needs at least one site");
      }
    }
  }

  public JobRecord {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    decisions = Map.copyOf(decisions);
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** A researcher's job with the default protocol. */
  public JobRecord(
      JobSpec spec,
      JobStatus status,
      Map<String, SiteDecision> decisions,
      String failure,
      SlotStatistics statistics) {
    this(spec, status, decisions, failure, statistics, EvaluationProtocol.FEDERATED, null);
  }

  /** A job without pooled statistics (yet). */
  public JobRecord(
      JobSpec spec, JobStatus status, Map<String, SiteDecision> decisions, String failure) {
    this(spec, status, decisions, failure, null);
  }

  public JobRecord with(JobStatus newStatus, String newFailure) {
    return new JobRecord(spec, newStatus, decisions, newFailure, statistics, protocol, subJob);
  }

  public JobRecord withDecisions(Map<String, SiteDecision> newDecisions) {
    return new JobRecord(spec, status, newDecisions, failure, statistics, protocol, subJob);
  }

  public JobRecord withStatistics(SlotStatistics pooled) {
    return new JobRecord(spec, status, decisions, failure, pooled, protocol, subJob);
  }

  public JobRecord withProtocol(EvaluationProtocol value) {
    return new JobRecord(spec, status, decisions, failure, statistics, value, subJob);
  }

  public JobRecord withSubJob(SubJob value) {
    return new JobRecord(spec, status, decisions, failure, statistics, protocol, value);
  }

  /** Whether the job may be offered to {@code siteId} (a sub-job only to its own sites). */
  public boolean offeredTo(String siteId) {
    return subJob == null || subJob.sites().contains(siteId);
  }
}
