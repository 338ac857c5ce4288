package org.transitionnet.mapping;

import java.util.Map;
import java.util.Objects;
import org.transitionnet.validation.DeclaredVariable;

/**
 * Where a declared variable comes from in the CSV.
 *
 * @param declared the variable as records carry it (name, unit, code, type, levels, range,
 *     transform)
 * @param column the CSV column ({@code null} for a wide-layout state variable, which has a series)
 * @param sourceUnit the UCUM unit of the CSV's values when it differs from the declared unit (the
 *     importer converts), else the declared unit
 * @param series wide layout: column to time (in the mapping's time unit × scale), in time order;
 *     empty in the long layout
 */
public record VariableMapping(
    DeclaredVariable declared, String column, String sourceUnit, Map<String, Double> series) {

  public VariableMapping {
    Objects.requireNonNull(declared, "declared");
    sourceUnit = sourceUnit == null ? declared.unit() : sourceUnit;
    series = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(series));
  }

  public String name() {
    return declared.name();
  }
}
