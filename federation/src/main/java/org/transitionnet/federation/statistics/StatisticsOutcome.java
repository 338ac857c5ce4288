package org.transitionnet.federation.statistics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the sites answered to a job's statistics step.
 *
 * @param results per site that answered, its (suppressed) training-split statistics
 * @param failures per site that failed, was unreachable or did not answer in time, the reason
 */
public record StatisticsOutcome(Map<String, SlotStatistics> results, Map<String, String> failures) {

  public StatisticsOutcome {
    results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  /**
   * The pooled statistics: the element-wise sum of every answer, empty when no site answered.
   *
   * @throws IllegalArgumentException when two sites answered with different slots
   */
  public Optional<SlotStatistics> pooled() {
    SlotStatistics pooled = null;
    for (SlotStatistics s : results.values()) {
      pooled = pooled == null ? s : pooled.merge(s);
    }
    return Optional.ofNullable(pooled);
  }
}
