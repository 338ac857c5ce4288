package org.transitionnet.record;

import java.util.Objects;

/** The observed value of a variable: a number, a yes/no flag or a category level. */
public sealed interface Value permits Value.Numeric, Value.Flag, Value.Category {

  /** A measured quantity, in the variable's unit. */
  record Numeric(double value) implements Value {
    public Numeric {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("a numeric value must be finite, was " + value);
      }
    }
  }

  /** A binary variable (present/absent). */
  record Flag(boolean value) implements Value {}

  /** A level of a categorical variable. */
  record Category(String level) implements Value {
    public Category {
      Objects.requireNonNull(level, "level");
    }
  }

  static Value of(double value) {
    return new Numeric(value);
  }

  static Value of(boolean value) {
    return new Flag(value);
  }

  static Value of(String level) {
    return new Category(level);
  }

  /** The value as a number: the number itself, 1/0 for a flag; a category has none. */
  default double asDouble() {
    if (this instanceof Numeric n) {
      return n.value();
    }
    if (this instanceof Flag f) {
      return f.value() ? 1.0 : 0.0;
    }
    throw new IllegalStateException("categorical value " + this + " has no numeric form");
  }
}
