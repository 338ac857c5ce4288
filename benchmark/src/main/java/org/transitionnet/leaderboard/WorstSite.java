package org.transitionnet.leaderboard;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transitionnet.metrics.Metric;

/**
 * The worst site, metric by metric: for each metric (macro and per target) the value of the site
 * where it is worst ({@link Metric#badness}); sites reporting {@code null} are skipped, and the
 * value is {@code null} only when every site is.
 */
public final class WorstSite {

  private WorstSite() {}

  public static SiteResult of(Collection<SiteResult> sites) {
    Map<String, Double> macro = worst(sites.stream().map(SiteResult::macro).toList());
    Map<String, Map<String, Double>> perTarget = new LinkedHashMap<>();
    sites.stream()
        .findFirst()
        .ifPresent(
            first ->
                first
                    .perTarget()
                    .keySet()
                    .forEach(
                        t ->
                            perTarget.put(
                                t,
                                worst(
                                    sites.stream()
                                        .map(s -> s.perTarget().getOrDefault(t, Map.of()))
                                        .toList()))));
    return new SiteResult(macro, perTarget);
  }

  private static Map<String, Double> worst(Collection<Map<String, Double>> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      Double worst = null;
      for (Map<String, Double> v : values) {
        Double x = v.get(metric.key());
        if (x != null && (worst == null || metric.badness(x) > metric.badness(worst))) {
          worst = x;
        }
      }
      out.put(metric.key(), worst);
    }
    return out;
  }
}
