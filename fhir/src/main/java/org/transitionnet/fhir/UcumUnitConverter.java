package org.transitionnet.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/**
 * UCUM conversion backed by {@code org.fhir:ucum}. Stand-in until {@code
 * org.transitionnet.units.Units} lands in {@code transitions}; then this delegates to it. Same-unit
 * conversions (nearly all of them in an export) skip the UCUM service.
 */
final class UcumUnitConverter implements UnitConverter {

  private final UcumService ucum;
  private final Map<String, Boolean> validity = new ConcurrentHashMap<>();

  UcumUnitConverter() {
    try (InputStream essence = getClass().getResourceAsStream("/ucum-essence.xml")) {
      if (essence == null) {
        throw new IllegalStateException("ucum-essence.xml is missing from the classpath");
      }
      ucum = new UcumEssenceService(essence);
    } catch (IOException | UcumException e) {
      throw new IllegalStateException("cannot load the UCUM definitions", e);
    }
  }

  @Override
  public boolean isValid(String unit) {
    if (unit == null) {
      return false;
    }
    if (unit.isEmpty()) {
      return true;
    }
    return validity.computeIfAbsent(
        unit,
        u -> {
          synchronized (ucum) {
            return ucum.validate(u) == null;
          }
        });
  }

  @Override
  public double convert(double value, String from, String to) {
    if (from.equals(to)) {
      return value;
    }
    try {
      synchronized (ucum) {
        Decimal result =
            ucum.convert(
                new Decimal(BigDecimal.valueOf(value).toPlainString()),
                from.isEmpty() ? "1" : from,
                to.isEmpty() ? "1" : to);
        return Double.parseDouble(result.asDecimal());
      }
    } catch (UcumException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot convert '" + from + "' to '" + to + "': " + e.getMessage(), e);
    }
  }
}
