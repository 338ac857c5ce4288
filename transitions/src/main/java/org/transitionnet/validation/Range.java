package org.transitionnet.validation;

/**
 * A plausible range of a numeric variable, inclusive, in the variable's declared unit. A bound that
 * is {@code null} is open.
 */
public record Range(Double min, Double max) {

  public Range {
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("range min " + min + " is above max " + max);
    }
  }

  /** Whether {@code value} lies within the range (bounds included). */
  public boolean contains(double value) {
    return (min == null || value >= min) && (max == null || value <= max);
  }

  @Override
  public String toString() {
    return "[" + (min == null ? "-inf" : min) + ", " + (max == null ? "+inf" : max) + "]";
  }
}
