package org.transitionnet.validation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A variable as a dataset declares it: what records must say about it.
 *
 * @param name the variable's name in records (e.g. {@code bilirubin})
 * @param role state variable or static context
 * @param type numeric, binary or categorical
 * @param unit the declared UCUM unit of a numeric variable (values are stored in it); empty for
 *     binary and categorical variables and for dimensionless numbers
 * @param code coding as {@code system|code}; may be empty
 * @param levels the allowed levels of a categorical variable, in declared order; empty otherwise
 * @param range plausible values of a numeric variable in the declared unit, or {@code null}
 * @param transform the modelling transform, or {@code null} for none
 */
public record DeclaredVariable(
    String name,
    VariableRole role,
    VariableType type,
    String unit,
    String code,
    List<String> levels,
    Range range,
    Transform transform) {

  public DeclaredVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(type, "type");
    unit = unit == null ? "" : unit;
    code = code == null ? "" : code;
    levels = List.copyOf(levels);
    if (type == VariableType.CATEGORICAL && levels.isEmpty()) {
      throw new IllegalArgumentException("categorical variable " + name + " needs levels");
    }
  }

  public Optional<Range> plausibleRange() {
    return Optional.ofNullable(range);
  }

  public Optional<Transform> declaredTransform() {
    return Optional.ofNullable(transform);
  }
}
