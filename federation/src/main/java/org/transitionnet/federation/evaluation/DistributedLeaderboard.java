package org.transitionnet.federation.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.leaderboard.WorstSite;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.proto.v1.EvaluationResult;

/**
 * Turns the sites' answers to one evaluation into a leaderboard method (§8): per site the metrics
 * of its own sums, {@code pooled} the metrics of the <em>summed</em> sums (exact, not an average of
 * site averages), and {@code worst_site}. A site that failed or suppressed a cell reports {@code
 * null} there and adds nothing to the pooled sums.
 *
 * @param sites the leaderboard's sites, in order
 * @param scales the task's target scales (the same at every site)
 * @param randomized whether the task compares two arms ({@code effect_error})
 * @param k the reporting threshold applied to the site and pooled metrics
 */
public record DistributedLeaderboard(
    List<String> sites, List<TargetScale> scales, boolean randomized, int k) {

  public DistributedLeaderboard {
    sites = List.copyOf(sites);
    scales = List.copyOf(scales);
  }

  /** The pooled sums of an outcome: the sum of every answering site's sums. */
  public MetricsAccumulator pooledSums(EvaluationOutcome outcome)
      throws MalformedEvaluationException {
    MetricsAccumulator pooled = new MetricsAccumulator(scales, randomized);
    for (EvaluationResult r : outcome.results().values()) {
      pooled.merge(SufficientStatistics.toSums(r, scales, randomized));
    }
    return pooled;
  }

  /**
   * The method entry of one evaluated method.
   *
   * @param rounds federated rounds, or {@code null}
   */
  public MethodEntry entry(String name, String kind, Integer rounds, EvaluationOutcome outcome)
      throws MalformedEvaluationException {
    Map<String, SiteResult> results = new LinkedHashMap<>();
    MetricsAccumulator pooled = new MetricsAccumulator(scales, randomized);
    for (String site : sites) {
      EvaluationResult r = outcome.results().get(site);
      MetricsAccumulator sums =
          r == null
              ? new MetricsAccumulator(scales, randomized)
              : SufficientStatistics.toSums(r, scales, randomized);
      results.put(site, SiteResult.of(sums.report(k)));
      pooled.merge(sums);
    }
    List<SiteResult> perSite = new ArrayList<>(results.values());
    results.put(MethodEntry.POOLED, SiteResult.of(pooled.report(k)));
    results.put(MethodEntry.WORST_SITE, WorstSite.of(perSite));
    return new MethodEntry(name, kind, false, null, rounds, results);
  }
}
