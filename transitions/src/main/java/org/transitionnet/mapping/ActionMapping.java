package org.transitionnet.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.transitionnet.record.Action;

/**
 * One component of the intervention: the column whose value at the baseline time point selects an
 * action level.
 *
 * @param column the CSV column
 * @param levels cell value to action, in declared order
 * @param randomized whether the trial assigned this component at random (effect estimates are then
 *     causal)
 */
public record ActionMapping(String column, Map<String, Action> levels, boolean randomized) {

  public ActionMapping {
    Objects.requireNonNull(column, "column");
    levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
  }
}
