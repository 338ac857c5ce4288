package org.transitionnet.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reported metrics of one method on one test set: {@code macro} (the mean over targets) and {@code
 * per_target}, keyed by the §5 contract keys; a value is {@code null} where the records were fewer
 * than {@code k}.
 */
public record MetricsReport(Map<String, Double> macro, Map<String, Map<String, Double>> perTarget) {

  public MetricsReport {
    macro = Collections.unmodifiableMap(new LinkedHashMap<>(macro));
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    perTarget.forEach((t, m) -> copy.put(t, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    perTarget = Collections.unmodifiableMap(copy);
  }

  /** Builds the report with {@code macro} = mean over targets, null if any target is null. */
  public static MetricsReport of(Map<String, Map<String, Double>> perTarget) {
    Map<String, Double> macro = new LinkedHashMap<>();
    for (String key : Metric.keys()) {
      double total = 0;
      boolean complete = !perTarget.isEmpty();
      for (Map<String, Double> values : perTarget.values()) {
        Double v = values.get(key);
        if (v == null) {
          complete = false;
          break;
        }
        total += v;
      }
      macro.put(key, complete ? total / perTarget.size() : null);
    }
    return new MetricsReport(macro, perTarget);
  }
}
