package org.transitionnet.coordinator.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.federation.coordinator.ProtocolJobs;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.RoundRecord;

/**
 * A job as a researcher watches it.
 *
 * @param jobId the job id
 * @param status SUBMITTED, RUNNING, COMPLETED or FAILED
 * @param failure why it failed, else empty
 * @param active whether this coordinator process is driving it now
 * @param task the task id
 * @param modelSpec the model spec
 * @param strategy fedavg, fedprox or fedadam
 * @param rounds rounds asked for
 * @param completedRounds rounds recorded
 * @param minSites fewest sites per round
 * @param roundTimeoutSeconds per-round timeout
 * @param secureAggregation whether updates are masked
 * @param parameterCount model size
 * @param researcher who submitted it
 * @param evaluation the leaderboard's evaluation: {@code pending}, {@code running (n of m methods
 *     evaluated, ...)}, {@code completed} or {@code failed: <reason>}
 * @param decisions each site's answer to the offer
 * @param roundHistory every recorded round, in order
 * @param dp the job's differential privacy: {@code level} (none, record, client), {@code epsilon}
 *     (the target over all rounds), {@code delta}, {@code clipNorm}
 * @param epsilonSpent the largest ε any site reported spending on the job so far (0 without DP)
 * @param protocol {@code federated} (baselines and the strategy) or {@code full} (§7: also {@code
 *     local:<site>}, {@code loso:<site>} and the cross-site matrix)
 * @param parentJob for a job the coordinator trains as one method of another job's protocol, that
 *     job; else {@code null}
 * @param method for such a sub-job, its method ({@code local:site-a}); else {@code null}
 * @param protocolJobs for a job with the full protocol, per method the id of the sub-job that
 *     trains it (planned once the job's statistics step ran; empty before)
 */
public record JobView(
    String jobId,
    String status,
    String failure,
    boolean active,
    String task,
    String modelSpec,
    String strategy,
    int rounds,
    int completedRounds,
    int minSites,
    long roundTimeoutSeconds,
    boolean secureAggregation,
    int parameterCount,
    String researcher,
    String evaluation,
    Map<String, JobRecord.SiteDecision> decisions,
    List<RoundView> roundHistory,
    DpView dp,
    double epsilonSpent,
    String protocol,
    String parentJob,
    String method,
    Map<String, String> protocolJobs) {

  /**
   * A job's DP settings as shown.
   *
   * @param level none, record or client
   * @param epsilon target ε over the whole job (0 for none)
   * @param delta δ
   * @param clipNorm L2 clip norm C
   */
  public record DpView(String level, double epsilon, double delta, double clipNorm) {
    static DpView of(DifferentialPrivacy dp) {
      return new DpView(dp.level().wireName(), dp.epsilon(), dp.delta(), dp.clipNorm());
    }
  }

  /**
   * One recorded round.
   *
   * @param round the round (= the model version it produced)
   * @param attempt the attempt that completed it
   * @param participants sites sent the task
   * @param reported sites whose update entered the aggregate
   * @param totalSamples training examples behind the aggregate
   * @param meanLoss sample-weighted mean training loss the sites reported
   * @param closedBy ALL_REPORTED or DEADLINE
   * @param started when the task went out
   * @param closed when the round closed
   * @param epsilonSpent per reported site, the ε the job has spent there by this round (DP jobs)
   * @param failures per participant that did not report, why (e.g. its privacy budget refusal)
   */
  public record RoundView(
      int round,
      int attempt,
      List<String> participants,
      List<String> reported,
      long totalSamples,
      double meanLoss,
      String closedBy,
      Instant started,
      Instant closed,
      Map<String, Double> epsilonSpent,
      Map<String, String> failures) {

    static RoundView of(RoundRecord r) {
      return new RoundView(
          r.round(),
          r.attempt(),
          r.participants(),
          r.reported(),
          r.totalSamples(),
          r.meanLoss(),
          r.closedBy().name(),
          r.started(),
          r.closed(),
          r.epsilonSpent(),
          r.failures());
    }
  }

  static JobView of(JobRecord job, List<RoundRecord> rounds, boolean active, String evaluation) {
    JobSpec spec = job.spec();
    return new JobView(
        spec.jobId(),
        job.status().name(),
        job.failure(),
        active,
        spec.task(),
        spec.modelSpec(),
        spec.strategy().methodName(),
        spec.rounds(),
        rounds.size(),
        spec.minSites(),
        spec.roundTimeout().toSeconds(),
        spec.secureAggregation(),
        spec.parameterCount(),
        spec.researcher(),
        evaluation,
        job.decisions(),
        rounds.stream().map(RoundView::of).toList(),
        DpView.of(spec.privacy()),
        rounds.stream().mapToDouble(RoundRecord::maxEpsilonSpent).max().orElse(0),
        job.protocol().wireName(),
        job.subJob() == null ? null : job.subJob().parentJobId(),
        job.subJob() == null ? null : job.subJob().method(),
        protocolJobs(job, rounds));
  }

  /** The sub-jobs of a full-protocol job, per method (as {@link ProtocolJobs} names them). */
  private static Map<String, String> protocolJobs(JobRecord job, List<RoundRecord> rounds) {
    Map<String, String> jobs = new LinkedHashMap<>();
    if (job.statistics() == null || job.subJob() != null) {
      return jobs;
    }
    java.util.TreeSet<String> sites = new java.util.TreeSet<>();
    rounds.forEach(r -> sites.addAll(r.participants()));
    for (ProtocolJobs.Planned p : ProtocolJobs.plan(job, List.copyOf(sites))) {
      jobs.put(p.method(), p.job().spec().jobId());
    }
    return jobs;
  }
}
