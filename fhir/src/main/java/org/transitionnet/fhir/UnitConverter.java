package org.transitionnet.fhir;

/**
 * Converts a measured quantity to a variable's declared UCUM unit. A seam so the importer can use
 * the project's UCUM service; the default is {@link UcumUnitConverter}.
 */
public interface UnitConverter {

  /** Whether {@code unit} is valid UCUM. */
  boolean isValid(String unit);

  /**
   * {@code value} in {@code from}, expressed in {@code to}.
   *
   * @throws IllegalArgumentException when the units measure different kinds of quantity
   */
  double convert(double value, String from, String to);
}
