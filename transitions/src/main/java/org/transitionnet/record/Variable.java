package org.transitionnet.record;

import java.util.Objects;
import java.util.Optional;

/**
 * One variable of a state or of the context.
 *
 * @param name the variable's declared name (e.g. {@code bilirubin})
 * @param value the observed value, or {@code null} when the value is missing
 * @param unit UCUM unit of a numeric value; empty for flags, categories and dimensionless values
 * @param code coding as {@code system|code} (e.g. {@code http://loinc.org|1975-2}); may be empty
 */
public record Variable(String name, Value value, String unit, String code) {

  public Variable {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a variable needs a name");
    }
    unit = unit == null ? "" : unit;
    code = code == null ? "" : code;
  }

  public static Variable number(String name, double value, String unit, String code) {
    return new Variable(name, Value.of(value), unit, code);
  }

  public static Variable missing(String name, String unit, String code) {
    return new Variable(name, null, unit, code);
  }

  public boolean isMissing() {
    return value == null;
  }

  public Optional<Value> observed() {
    return Optional.ofNullable(value);
  }
}
