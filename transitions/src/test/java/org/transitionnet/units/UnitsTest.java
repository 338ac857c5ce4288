package org.transitionnet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void ucumUnitsOfTheData_areValid_andMadeUpOnesAreNot() {
    assertThat(Units.isValid("mg/dL")).isTrue();
    assertThat(Units.isValid("U/mL")).isTrue();
    assertThat(Units.isValid("10*3/uL")).isTrue();
    assertThat(Units.isValid("{score}")).isTrue();
    assertThat(Units.isValid("")).isTrue();
    assertThat(Units.isValid("mg/deciliter")).isFalse();
    assertThat(Units.isValid(" mg")).isFalse();
    assertThat(Units.problem("furlong")).get().asString().contains("furlong");
  }

  @Test
  void timeUnits_convertAsUcumDefinesThem() {
    assertThat(Units.convert(1, "wk", "d")).isEqualTo(7);
    assertThat(Units.convert(1, "mo", "d")).isEqualTo(30.4375);
    assertThat(Units.convert(1, "a", "d")).isEqualTo(365.25);
    assertThat(Units.convert(36, "h", "d")).isEqualTo(1.5);
  }

  @Test
  void concentrations_convert_andPrecisionIsKept() {
    assertThat(Units.convert(1.5, "g/L", "mg/dL")).isEqualTo(150);
    assertThat(Units.convert(138, "U/L", "U/mL")).isCloseTo(0.138, within(1e-12));
    assertThat(Units.convert(58.7652292950034, "a", "d")).isCloseTo(21464.0, within(1e-6));
  }

  @Test
  void differentKinds_areNotConvertible() {
    assertThat(Units.isConvertible("mg/dL", "mmol/L")).isFalse();
    assertThat(Units.isConvertible("mg/dL", "g/L")).isTrue();
    assertThatThrownBy(() -> Units.convert(1, "mg/dL", "mmol/L"))
        .isInstanceOfSatisfying(
            UnitConversionException.class,
            e -> assertThat(e.from() + " " + e.to()).isEqualTo("mg/dL mmol/L"));
    assertThatThrownBy(() -> Units.convert(1, "mg/deciliter", "mg/dL"))
        .isInstanceOf(UnitConversionException.class)
        .hasMessageContaining("not a UCUM unit");
  }
}
