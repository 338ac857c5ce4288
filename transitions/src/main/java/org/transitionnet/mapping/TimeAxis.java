package org.transitionnet.mapping;

import org.transitionnet.units.Units;

/**
 * How a CSV gives time: a column (long layout) in a UCUM time unit, multiplied by {@code scale}.
 * Times become days through UCUM ({@code wk} = 7 d, {@code mo} = 30.4375 d, {@code a} = 365.25 d).
 *
 * @param column the time column; {@code null} in the wide layout, where {@code series} gives times
 * @param unit a UCUM unit of time ({@code h}, {@code d}, {@code wk}, {@code mo}, {@code a}, ...)
 * @param scale the factor a column value is multiplied by before the unit applies (default 1; a
 *     visit number with visits every two weeks is {@code unit d, scale 14})
 */
public record TimeAxis(String column, String unit, double scale) {

  public TimeAxis {
    if (!Units.isConvertible(unit, "d")) {
      throw new IllegalArgumentException("'" + unit + "' is not a UCUM unit of time");
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("time scale must be positive, was " + scale);
    }
  }

  /** The time {@code t} given in this axis (a column value or a series time), in days. */
  public double toDays(double t) {
    return Units.convert(t * scale, unit, "d");
  }
}
