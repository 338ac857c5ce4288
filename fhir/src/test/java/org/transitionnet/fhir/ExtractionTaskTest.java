package org.transitionnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.transitionnet.validation.VariableRole;

class ExtractionTaskTest {

  private static final String MINIMAL =
      """
      {"task": "t", "mode": "consecutive",
       "variables": [{"name": "sbp", "code": "http://loinc.org|8480-6", "unit": "mm[Hg]"}],
       "medications": [],
       "consecutive": {"active_days": 365}}
      """;

  @Test
  void shippedTasksParse() {
    ExtractionTask bp = Fhir.task("bp-antihypertensive");
    assertThat(bp.mode()).isEqualTo(ExtractionTask.Mode.CONSECUTIVE);
    assertThat(bp.variables())
        .extracting(ExtractionTask.VariableSpec::code)
        .containsExactly("http://loinc.org|8480-6", "http://loinc.org|8462-4");
    ExtractionTask glycemic = Fhir.task("glycemic-control");
    assertThat(glycemic.mode()).isEqualTo(ExtractionTask.Mode.EVENT);
    assertThat(glycemic.event().anchorVariable()).isEqualTo("hba1c");
    assertThat(glycemic.variable("glucose").orElseThrow().codes()).hasSize(2);
  }

  @Test
  void minimalTask_defaultsContextAndAnchor_versionIsContentHash() {
    ExtractionTask t = ExtractionTask.parse(MINIMAL);
    assertThat(t.consecutive().anchorVariable()).isEqualTo("sbp");
    assertThat(t.dataset()).isEqualTo("t");
    assertThat(t.version()).hasSize(64).isNotEqualTo(ExtractionTask.parse(MINIMAL + " ").version());
    assertThat(t.catalog().find("sex").orElseThrow().role()).isEqualTo(VariableRole.CONTEXT);
    assertThat(t.catalog().find("sbp").orElseThrow().unit()).isEqualTo("mm[Hg]");
  }

  @Test
  void variableWithoutUnit_refusedNamingTheField() {
    assertThatThrownBy(() -> ExtractionTask.parse(MINIMAL.replace(", \"unit\": \"mm[Hg]\"", "")))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("variables[0].unit")
        .extracting(e -> ((InvalidTaskException) e).field())
        .isEqualTo("variables[0].unit");
  }

  @Test
  void codeWithoutSystem_refused() {
    assertThatThrownBy(() -> ExtractionTask.parse(MINIMAL.replace("http://loinc.org|", "")))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("not system|code");
  }

  @Test
  void unknownMode_refused() {
    assertThatThrownBy(() -> ExtractionTask.parse(MINIMAL.replace("consecutive\",", "pairs\",")))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("mode");
  }

  @Test
  void anchorThatIsNotAVariable_refused() {
    assertThatThrownBy(
            () ->
                ExtractionTask.parse(
                    MINIMAL.replace(
                        "\"active_days\"", "\"anchor_variable\": \"dbp\", \"active_days\"")))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("consecutive.anchor_variable");
  }

  @Test
  void notJson_refused() {
    assertThatThrownBy(() -> ExtractionTask.parse("{"))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("not valid JSON");
  }
}
