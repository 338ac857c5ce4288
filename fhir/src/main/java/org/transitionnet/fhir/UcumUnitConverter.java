package org.transitionnet.fhir;

import org.transitionnet.units.Units;

/** The project's UCUM service ({@link Units}) as the importer's converter. */
final class UcumUnitConverter implements UnitConverter {

  @Override
  public boolean isValid(String unit) {
    return Units.isValid(unit);
  }

  @Override
  public double convert(double value, String from, String to) {
    return from.equals(to) ? value : Units.convert(value, from, to);
  }
}
