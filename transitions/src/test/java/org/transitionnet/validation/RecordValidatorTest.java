package org.transitionnet.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.Action;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.TransitionRecordCodec;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;

/** Records posted as JSON, checked against a declaration; each rejection names place and field. */
class RecordValidatorTest {

  static final VariableCatalog CATALOG =
      new VariableCatalog(
          List.of(
              new DeclaredVariable(
                  "age",
                  VariableRole.CONTEXT,
                  VariableType.NUMERIC,
                  "a",
                  "",
                  List.of(),
                  new Range(0.0, 120.0),
                  null),
              new DeclaredVariable(
                  "bilirubin",
                  VariableRole.STATE,
                  VariableType.NUMERIC,
                  "mg/dL",
                  "http://loinc.org|1975-2",
                  List.of(),
                  new Range(0.0, 100.0),
                  Transform.LOG),
              new DeclaredVariable(
                  "stage",
                  VariableRole.STATE,
                  VariableType.CATEGORICAL,
                  "",
                  "",
                  List.of("1", "2", "3", "4"),
                  null,
                  null),
              new DeclaredVariable(
                  "ascites",
                  VariableRole.STATE,
                  VariableType.BINARY,
                  "",
                  "",
                  List.of(),
                  null,
                  null)));

  static final RecordValidator VALIDATOR = new RecordValidator(CATALOG);

  static TransitionRecord record(Variable baselineBili, double t0, double t1, double interval) {
    return new TransitionRecord(
        "s1",
        "site-a",
        new State(t0, List.of(baselineBili, new Variable("stage", Value.of("2"), "", ""))),
        List.of(Variable.number("age", 50, "a", "")),
        List.of(Action.of("placebo", "placebo", "")),
        new State(t1, List.of(Variable.number("bilirubin", 1.2, "mg/dL", ""))),
        interval,
        List.of(),
        new Provenance("pbcseq", List.of("row:2", "row:3"), null, "v1"));
  }

  static TransitionRecord valid() {
    return record(Variable.number("bilirubin", 1.0, "mg/dL", ""), 0, 180, 180);
  }

  static Rejection only(TransitionRecord r) {
    List<Rejection> rejections = VALIDATOR.validate(r, "record 3");
    assertThat(rejections).hasSize(1);
    assertThat(rejections.get(0).location()).isEqualTo("record 3");
    return rejections.get(0);
  }

  @Test
  void validRecord_isNormalized_declaredOrderMissingFilledCodesFilled() {
    ValidatedRecord checked = VALIDATOR.check(valid(), "post", "record 1");
    assertThat(checked.isValid()).isTrue();
    State followUp = checked.normalized().followUp();
    assertThat(followUp.variables())
        .extracting(Variable::name)
        .containsExactly("bilirubin", "stage", "ascites");
    assertThat(followUp.variable("stage").orElseThrow().isMissing()).isTrue();
    assertThat(followUp.variable("bilirubin").orElseThrow().code())
        .isEqualTo("http://loinc.org|1975-2");
  }

  @Test
  void convertibleUnit_isConvertedToDeclaredUnit() {
    TransitionRecord r = record(Variable.number("bilirubin", 0.015, "g/L", ""), 0, 1, 1);
    Variable bili =
        VALIDATOR
            .check(r, "", "record 1")
            .normalized()
            .baseline()
            .variable("bilirubin")
            .orElseThrow();
    assertThat(bili.unit()).isEqualTo("mg/dL");
    assertThat(bili.value().asDouble()).isEqualTo(1.5);
  }

  @Test
  void unitNotUcum_isUnknownUnit() {
    Rejection r = only(record(Variable.number("bilirubin", 1, "mg/deciliter", ""), 0, 1, 1));
    assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_UNIT);
    assertThat(r.field()).isEqualTo("baselineState.bilirubin.unit");
  }

  @Test
  void unitOfAnotherKind_isInconvertible() {
    Rejection r = only(record(Variable.number("bilirubin", 17, "umol/L", ""), 0, 1, 1));
    assertThat(r.reason()).isEqualTo(RejectionReason.INCONVERTIBLE_UNIT);
    assertThat(r.field()).isEqualTo("baselineState.bilirubin.unit");
    assertThat(r.message()).contains("umol/L", "mg/dL", "subject s1");
  }

  @Test
  void zeroInterval_isNonPositive() {
    Rejection r = only(record(Variable.number("bilirubin", 1, "mg/dL", ""), 5, 5, 0));
    assertThat(r.reason()).isEqualTo(RejectionReason.NON_POSITIVE_INTERVAL);
    assertThat(r.field()).isEqualTo("intervalDays");
  }

  @Test
  void followUpBeforeBaseline_isRejected() {
    Rejection r = only(record(Variable.number("bilirubin", 1, "mg/dL", ""), 100, 40, 60));
    assertThat(r.reason()).isEqualTo(RejectionReason.FOLLOW_UP_BEFORE_BASELINE);
    assertThat(r.field()).isEqualTo("followUpState.timeDays");
  }

  @Test
  void undeclaredVariable_isUnknown() {
    Rejection r = only(record(Variable.number("creatinine", 1, "mg/dL", ""), 0, 1, 1));
    assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_VARIABLE);
    assertThat(r.field()).isEqualTo("baselineState.creatinine");
  }

  @Test
  void contextVariableInState_isUnknownThere() {
    Rejection r = only(record(Variable.number("age", 50, "a", ""), 0, 1, 1));
    assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_VARIABLE);
    assertThat(r.message()).contains("declared as context");
  }

  @Test
  void valueOutsideRange_afterConversion_isOutOfRange() {
    Rejection r = only(record(Variable.number("bilirubin", 2, "g/L", ""), 0, 1, 1));
    assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(r.field()).isEqualTo("baselineState.bilirubin");
    assertThat(r.message()).contains("200.0 mg/dL", "[0.0, 100.0]");
  }

  @Test
  void zeroUnderLogTransform_isOutOfRange() {
    Rejection r = only(record(Variable.number("bilirubin", 0, "mg/dL", ""), 0, 1, 1));
    assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(r.message()).contains("transform log");
  }

  @Test
  void categoryNotAmongLevels_isBadValue() {
    TransitionRecord base = valid();
    TransitionRecord r =
        new TransitionRecord(
            base.subject(),
            base.site(),
            new State(0, List.of(new Variable("stage", Value.of("5"), "", ""))),
            base.context(),
            base.actions(),
            base.followUp(),
            base.intervalDays(),
            base.evidenceChain(),
            base.provenance());
    Rejection rejection = only(r);
    assertThat(rejection.reason()).isEqualTo(RejectionReason.BAD_VALUE);
    assertThat(rejection.field()).isEqualTo("baselineState.stage");
  }

  @Test
  void binaryGivenAsZeroOne_isNormalizedToBoolean() {
    TransitionRecord base = valid();
    TransitionRecord r =
        new TransitionRecord(
            base.subject(),
            base.site(),
            new State(0, List.of(Variable.number("ascites", 1, "", ""))),
            base.context(),
            base.actions(),
            base.followUp(),
            base.intervalDays(),
            base.evidenceChain(),
            base.provenance());
    assertThat(
            VALIDATOR
                .check(r, "", "record 1")
                .normalized()
                .baseline()
                .variable("ascites")
                .orElseThrow()
                .value())
        .isEqualTo(Value.of(true));
  }

  @Test
  void batchFromJson_flagsDuplicateRecord() throws Exception {
    String json = TransitionRecordCodec.batchToJson(List.of(valid(), valid()));
    ImportResult result = VALIDATOR.checkAll(TransitionRecordCodec.batchFromJson(json), "body");
    assertThat(result.records()).hasSize(1);
    assertThat(result.rejections()).hasSize(1);
    Rejection r = result.rejections().get(0);
    assertThat(r.reason()).isEqualTo(RejectionReason.DUPLICATE);
    assertThat(r.location()).isEqualTo("record 2");
    assertThat(r.message()).contains("record 1");
  }

  @Test
  void canonicalJson_roundTripsARecord() throws Exception {
    TransitionRecord r = VALIDATOR.check(valid(), "", "record 1").normalized();
    String json = TransitionRecordCodec.toJson(r);
    assertThat(TransitionRecordCodec.fromJson(json)).isEqualTo(r);
    assertThat(json).contains("\"baselineState\"", "\"intervalDays\":180.0", "\"missing\":true");
    // the proto field names of the contract (snake_case) parse too
    String snake =
        json.replace("baselineState", "baseline_state")
            .replace("followUpState", "follow_up_state")
            .replace("intervalDays", "interval_days");
    assertThat(TransitionRecordCodec.fromJson(snake)).isEqualTo(r);
  }
}
