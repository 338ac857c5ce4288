package org.transitionnet.federation.site;

import java.util.Objects;
import java.util.Set;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;

/**
 * Which jobs a hospital takes part in. An empty allow list allows all.
 *
 * @param consortium the only consortium whose jobs are accepted
 * @param tasks task ids accepted (empty: any)
 * @param researchers researchers whose jobs are accepted (empty: any)
 * @param strategies strategies accepted (empty: any)
 * @param requireSecureAggregation refuse jobs without secure aggregation
 */
public record SitePolicy(
    String consortium,
    Set<String> tasks,
    Set<String> researchers,
    Set<StrategyKind> strategies,
    boolean requireSecureAggregation) {

  public SitePolicy {
    Objects.requireNonNull(consortium, "consortium");
    tasks = Set.copyOf(tasks);
    researchers = Set.copyOf(researchers);
    strategies = Set.copyOf(strategies);
  }

  /** Accepts every job of the consortium. */
  public static SitePolicy acceptAll(String consortium) {
    return new SitePolicy(consortium, Set.of(), Set.of(), Set.of(), false);
  }

  /** Judges a job offer. */
  public PolicyDecision judge(JobSpec job) {
    if (!consortium.equals(job.consortium())) {
      return PolicyDecision.refuse(
          "consortium",
          "job "
              + job.jobId()
              + " is for consortium '"
              + job.consortium()
              + "', this site belongs to '"
              + consortium
              + "'");
    }
    if (!tasks.isEmpty() && !tasks.contains(job.task())) {
      return PolicyDecision.refuse("task", "task '" + job.task() + "' is not allowed here");
    }
    if (!researchers.isEmpty() && !researchers.contains(job.researcher())) {
      return PolicyDecision.refuse(
          "researcher", "researcher '" + job.researcher() + "' is not on this site's allow list");
    }
    if (!strategies.isEmpty() && !strategies.contains(job.strategy())) {
      return PolicyDecision.refuse(
          "strategy", "strategy " + job.strategy().methodName() + " is not allowed here");
    }
    if (requireSecureAggregation && !job.secureAggregation()) {
      return PolicyDecision.refuse(
          "secure_aggregation", "this site only takes part with secure aggregation");
    }
    return PolicyDecision.accept();
  }
}
