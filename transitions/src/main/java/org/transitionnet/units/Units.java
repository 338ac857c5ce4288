package org.transitionnet.units;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/**
 * UCUM (Unified Code for Units of Measure) validity and conversion.
 *
 * <p>Backed by {@code org.fhir:ucum} with the {@code ucum-essence.xml} definitions the jar ships,
 * so every unit and factor comes from the UCUM standard: {@code wk} is 7 d, {@code mo} the mean
 * Julian month (30.4375 d), {@code a} the Julian year (365.25 d). The empty string is unity (a
 * dimensionless number). Thread-safe.
 */
public final class Units {

  private static final String ESSENCE = "/ucum-essence.xml";
  private static final Map<String, Optional<String>> VALIDITY = new ConcurrentHashMap<>();

  private Units() {}

  private static final class Service {
    static final UcumService UCUM = load();

    private static UcumService load() {
      try (InputStream essence = Units.class.getResourceAsStream(ESSENCE)) {
        if (essence == null) {
          throw new IllegalStateException(
              ESSENCE + " is missing from the classpath; the org.fhir:ucum jar ships it");
        }
        return new UcumEssenceService(essence);
      } catch (IOException | UcumException e) {
        throw new IllegalStateException("cannot load the UCUM essence definitions", e);
      }
    }
  }

  /** Whether {@code unit} is a valid UCUM expression (the empty string is unity and valid). */
  public static boolean isValid(String unit) {
    return problem(unit).isEmpty();
  }

  /** Why {@code unit} is not valid UCUM, or empty when it is valid. */
  public static Optional<String> problem(String unit) {
    if (unit == null) {
      return Optional.of("no unit");
    }
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    return VALIDITY.computeIfAbsent(unit, Units::validate);
  }

  private static Optional<String> validate(String unit) {
    if (!unit.strip().equals(unit)) {
      return Optional.of("'" + unit + "' has leading or trailing spaces");
    }
    synchronized (Service.UCUM) {
      return Optional.ofNullable(Service.UCUM.validate(unit));
    }
  }

  /**
   * Whether a value in {@code from} can be converted to {@code to}: both are valid UCUM and measure
   * the same kind of quantity.
   */
  public static boolean isConvertible(String from, String to) {
    if (!isValid(from) || !isValid(to)) {
      return false;
    }
    if (from.equals(to)) {
      return true;
    }
    try {
      synchronized (Service.UCUM) {
        return Service.UCUM.isComparable(ucum(from), ucum(to));
      }
    } catch (UcumException e) {
      return false;
    }
  }

  /**
   * Converts {@code value} from unit {@code from} to unit {@code to}.
   *
   * @throws UnitConversionException when a unit is not UCUM or the two are not commensurable
   */
  public static double convert(double value, String from, String to) {
    problem(from)
        .ifPresent(
            p -> {
              throw new UnitConversionException(from, to, "not a UCUM unit: " + p);
            });
    problem(to)
        .ifPresent(
            p -> {
              throw new UnitConversionException(from, to, "not a UCUM unit: " + p);
            });
    if (from.equals(to)) {
      return value;
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("cannot convert a non-finite value " + value);
    }
    try {
      Decimal converted;
      synchronized (Service.UCUM) {
        converted =
            Service.UCUM.convert(
                new Decimal(BigDecimal.valueOf(value).toPlainString()), ucum(from), ucum(to));
      }
      return Double.parseDouble(converted.asDecimal());
    } catch (UcumException e) {
      throw new UnitConversionException(
          from,
          to,
          "cannot convert " + display(from) + " to " + display(to) + ": " + e.getMessage());
    }
  }

  private static String ucum(String unit) {
    return unit.isEmpty() ? "1" : unit;
  }

  private static String display(String unit) {
    return unit.isEmpty() ? "(unity)" : "'" + unit + "'";
  }
}
