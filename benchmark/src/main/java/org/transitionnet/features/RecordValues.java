package org.transitionnet.features;

import java.util.List;
import java.util.Optional;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Target;
import org.transitionnet.task.Transforms;

/** Reads task variables out of a record, on the transformed scale; NaN means missing. */
public final class RecordValues {

  private RecordValues() {}

  /**
   * An input variable's value (baseline state first, then context), transformed; NaN if missing.
   */
  public static double input(TransitionRecord r, InputVariable v) {
    return find(r, v.name()).map(x -> numeric(x, v.transform())).orElse(Double.NaN);
  }

  /** An input variable's raw value, or empty when missing. */
  public static Optional<Value> inputValue(TransitionRecord r, String name) {
    return find(r, name).map(Variable::value);
  }

  /** A target's baseline value, transformed; NaN if missing. */
  public static double baseline(TransitionRecord r, Target t) {
    return state(r.baseline().variables(), t);
  }

  /** A target's follow-up value, transformed; NaN if missing. */
  public static double followUp(TransitionRecord r, Target t) {
    return state(r.followUp().variables(), t);
  }

  private static double state(List<Variable> vars, Target t) {
    for (Variable v : vars) {
      if (v.name().equals(t.name())) {
        return numeric(v, t.transform());
      }
    }
    return Double.NaN;
  }

  private static Optional<Variable> find(TransitionRecord r, String name) {
    for (Variable v : r.baseline().variables()) {
      if (v.name().equals(name)) {
        return Optional.of(v);
      }
    }
    for (Variable v : r.context()) {
      if (v.name().equals(name)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static double numeric(Variable v, String transform) {
    if (v.value() == null || v.value() instanceof Value.Category) {
      return Double.NaN;
    }
    return Transforms.apply(transform, v.value().asDouble());
  }
}
