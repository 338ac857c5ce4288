package org.transitionnet.units;

/**
 * A conversion between two units that cannot be made: one of them is not UCUM, or they measure
 * different kinds of quantity (e.g. {@code mg/dL} and {@code mmol/L}).
 */
public final class UnitConversionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String from;
  private final String to;

  public UnitConversionException(String from, String to, String message) {
    super(message);
    this.from = from;
    this.to = to;
  }

  /** The unit converted from. */
  public String from() {
    return from;
  }

  /** The unit converted to. */
  public String to() {
    return to;
  }
}
