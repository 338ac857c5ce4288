package org.transitionnet.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transitionnet.validation.VariableType;

class MappingTest {

  static final String GOOD =
      """
      {"dataset": "d", "layout": "long", "subject": "id", "time": {"column": "t", "unit": "d"},
       "state": [{"column": "x", "name": "x", "unit": "mg/dL", "transform": "log"}],
       "action": {"column": "a", "levels": {"1": {"type": "drug"}}}}
      """;

  @Test
  void version_isSha256OfTheFileBytes() throws Exception {
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(GOOD.getBytes(StandardCharsets.UTF_8)));
    assertThat(Mapping.parse(GOOD).version()).isEqualTo(expected);
    assertThat(Mapping.parse(GOOD + " ").version()).isNotEqualTo(expected);
  }

  @Test
  void defaults_consecutivePairing_numericTargets_tolerance01() throws Exception {
    Mapping m = Mapping.parse(GOOD);
    assertThat(m.pairing()).isEqualTo(Pairing.CONSECUTIVE);
    assertThat(m.targets()).containsExactly("x");
    assertThat(m.directionTolerance()).containsEntry("x", 0.1);
    assertThat(m.maxIntervalDays()).isEmpty();
    assertThat(m.siteColumn()).isEmpty();
    assertThat(m.variables().find("x").orElseThrow().type()).isEqualTo(VariableType.NUMERIC);
    assertThat(m.time().scale()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown layout|\"layout\": \"long\"|\"layout\": \"tall\"|$.layout|'long' or 'wide'",
        "missing subject|\"subject\": \"id\",||$.subject|required",
        "transform not in list|\"transform\": \"log\"|\"transform\": \"exp\"|$.state[0].transform|log, log1p or sqrt",
        "unit not UCUM|\"unit\": \"mg/dL\"|\"unit\": \"mg/deciliter\"|$.state[0].unit|not a UCUM unit",
        "time unit not time|\"unit\": \"d\"|\"unit\": \"mg\"|$.time.unit|not a unit of time",
        "unknown key|\"name\": \"x\"|\"name\": \"x\", \"trasform\": \"log\"|$.state[0].trasform|unknown key",
        "source unit inconvertible|\"unit\": \"mg/dL\"|\"unit\": \"mg/dL\", \"source_unit\": \"mmol/L\"|$.state[0].source_unit|cannot be converted",
        "action without type|{\"type\": \"drug\"}|{\"name\": \"drug\"}|$.action.levels['1'].type|required",
        "target not declared|\"dataset\": \"d\"|\"dataset\": \"d\", \"targets\": [\"y\"]|$.targets[0]|not a declared state variable",
        "bad pairing|\"dataset\": \"d\"|\"dataset\": \"d\", \"pairing\": \"all\"|$.pairing|'consecutive' or 'baseline'",
        "negative max interval|\"dataset\": \"d\"|\"dataset\": \"d\", \"max_interval_days\": -1|$.max_interval_days|positive",
        "levels on numeric|\"transform\": \"log\"|\"levels\": [\"a\"]|$.state[0].levels|categorical",
        "series in long layout|\"dataset\": \"d\"|\"dataset\": \"d\", \"series\": {\"a\": 0, \"b\": 1}|$.series|wide layout",
        "duplicate key|\"dataset\": \"d\"|\"dataset\": \"d\", \"dataset\": \"e\"|$|not valid JSON",
      })
  void badMapping_namesTheJsonPath(
      String what, String from, String to, String path, String message) {
    String json = GOOD.replace(from, to == null ? "" : to);
    assertThat(json).isNotEqualTo(GOOD);
    assertThatThrownBy(() -> Mapping.parse(json))
        .isInstanceOfSatisfying(
            MappingException.class,
            e -> {
              assertThat(e.path()).isEqualTo(path);
              assertThat(e.getMessage()).startsWith(path + ":").contains(message);
            });
  }

  @Test
  void notJson_reportsLineAndColumn() {
    assertThatThrownBy(() -> Mapping.parse("{\n \"dataset\": }"))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("line 2");
  }
}
