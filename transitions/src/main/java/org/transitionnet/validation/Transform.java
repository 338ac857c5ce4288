package org.transitionnet.validation;

import java.util.Arrays;
import java.util.Optional;

/**
 * A declared transformation of a numeric variable for modelling. Records always store values in the
 * declared unit, untransformed; models and metrics work on the transformed scale.
 */
public enum Transform {
  /** Natural logarithm; values must be positive. */
  LOG("log") {
    @Override
    public double apply(double x) {
      return Math.log(x);
    }

    @Override
    public double invert(double y) {
      return Math.exp(y);
    }

    @Override
    public boolean accepts(double x) {
      return x > 0;
    }
  },
  /** {@code log(1 + x)}; values must be greater than -1. */
  LOG1P("log1p") {
    @Override
    public double apply(double x) {
      return Math.log1p(x);
    }

    @Override
    public double invert(double y) {
      return Math.expm1(y);
    }

    @Override
    public boolean accepts(double x) {
      return x > -1;
    }
  },
  /** Square root; values must not be negative. */
  SQRT("sqrt") {
    @Override
    public double apply(double x) {
      return Math.sqrt(x);
    }

    @Override
    public double invert(double y) {
      return y * y;
    }

    @Override
    public boolean accepts(double x) {
      return x >= 0;
    }
  };

  private final String key;

  Transform(String key) {
    this.key = key;
  }

  /** The value on the transformed scale. */
  public abstract double apply(double x);

  /** The value on the original scale, for a value on the transformed scale. */
  public abstract double invert(double y);

  /** Whether {@code x} lies in the transform's domain. */
  public abstract boolean accepts(double x);

  /** The name used in mapping files ({@code log}, {@code log1p}, {@code sqrt}). */
  public String key() {
    return key;
  }

  public static Optional<Transform> fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }
}
