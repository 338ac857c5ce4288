package org.transitionnet.leaderboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transitionnet.metrics.MetricsReport;

/**
 * A method's metrics on one test set: {@code macro} (mean over targets) and {@code per_target};
 * values are {@code null} where fewer than {@code k} records were evaluated.
 */
@JsonPropertyOrder({"macro", "per_target"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SiteResult(Map<String, Double> macro, Map<String, Map<String, Double>> perTarget) {

  public SiteResult {
    macro = Collections.unmodifiableMap(new LinkedHashMap<>(macro));
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    if (perTarget != null) {
      perTarget.forEach((t, m) -> copy.put(t, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    }
    perTarget = Collections.unmodifiableMap(copy);
  }

  public static SiteResult of(MetricsReport report) {
    return new SiteResult(report.macro(), report.perTarget());
  }
}
