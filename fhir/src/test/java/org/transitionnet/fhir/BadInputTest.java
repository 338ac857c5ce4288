package org.transitionnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.transitionnet.fhir.Fhir.bloodPressure;
import static org.transitionnet.fhir.Fhir.condition;
import static org.transitionnet.fhir.Fhir.lab;
import static org.transitionnet.fhir.Fhir.patient;

import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;

/**
 * Each class of bad input is rejected with the file, the line and the reason, and the rest of the
 * file still imports: three good blood-pressure readings around the bad line 2 make two consecutive
 * transitions.
 */
class BadInputTest {

  private static final ExtractionTask BP = Fhir.task("bp-antihypertensive");

  private static ImportResult importWithLine2(String badLine) {
    return Fhir.importLines(
        BP,
        new String[] {patient("p1", "1960-05-01", "female")},
        new String[] {
          bloodPressure("o1", "p1", "2020-01-01T10:00:00Z", 150, 95),
          badLine,
          bloodPressure("o3", "p1", "2021-01-01T10:00:00Z", 140, 90),
          bloodPressure("o4", "p1", "2022-01-01T10:00:00Z", 130, 85)
        },
        new String[0],
        new String[0]);
  }

  private static Rejection onlyRejection(ImportResult result) {
    assertThat(result.records()).as("the good lines still import").hasSize(2);
    assertThat(result.rejections()).hasSize(1);
    Rejection r = result.rejections().get(0);
    assertThat(r.source()).isEqualTo("Observation.ndjson");
    assertThat(r.location()).isEqualTo("line 2");
    return r;
  }

  @Test
  void cleanFile_danglingEncounterReferencesAreNotErrors() {
    ImportResult result = importWithLine2("");
    assertThat(result.rejections()).isEmpty();
    assertThat(result.records()).hasSize(2);
  }

  @Test
  void malformedJsonLine_rejectedAsMalformed() {
    Rejection r = onlyRejection(importWithLine2("{\"resourceType\":\"Observation\",\"id\":"));
    assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED);
  }

  @Test
  void validJsonWithAnInvalidFhirValue_rejectedAsMalformed() {
    Rejection r =
        onlyRejection(importWithLine2(bloodPressure("o2", "p1", "last tuesday", 120, 80)));
    assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED);
    assertThat(r.message()).contains("not a FHIR R4 resource");
  }

  @Test
  void conditionInsideObservationFile_rejectedAsWrongResourceType() {
    Rejection r =
        onlyRejection(importWithLine2(condition("c1", "p1", "59621000", "2019-01-01T00:00:00Z")));
    assertThat(r.reason()).isEqualTo(RejectionReason.WRONG_RESOURCE_TYPE);
    assertThat(r.field()).isEqualTo("resourceType");
    assertThat(r.message()).contains("Condition").contains("Observation");
  }

  @Test
  void referenceToMissingPatient_rejectedAsMissingReference() {
    Rejection r =
        onlyRejection(
            importWithLine2(bloodPressure("o2", "ghost", "2020-06-01T10:00:00Z", 120, 80)));
    assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_REFERENCE);
    assertThat(r.field()).isEqualTo("subject");
    assertThat(r.message()).contains("Patient/ghost");
  }

  @Test
  void observationWithoutValue_rejectedAsMissingField() {
    Rejection r =
        onlyRejection(importWithLine2(lab("o2", "p1", "8480-6", "2020-06-01T10:00:00Z", 0, null)));
    assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_FIELD);
    assertThat(r.field()).isEqualTo("Observation.value[x]");
    assertThat(r.message()).contains("Observation/o2").contains("systolic_bp");
  }

  @Test
  void unitThatIsNotUcum_rejectedAsUnknownUnit() {
    Rejection r =
        onlyRejection(
            importWithLine2(
                lab("o2", "p1", "8480-6", "2020-06-01T10:00:00Z", 120, "millimetres of mercury")));
    assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_UNIT);
    assertThat(r.field()).isEqualTo("Observation.value[x].code");
  }

  @Test
  void unitOfAnotherKind_rejectedAsInconvertible() {
    Rejection r =
        onlyRejection(importWithLine2(lab("o2", "p1", "8480-6", "2020-06-01T10:00:00Z", 70, "kg")));
    assertThat(r.reason()).isEqualTo(RejectionReason.INCONVERTIBLE_UNIT);
  }

  @Test
  void implausibleValue_rejectedAsOutOfRange() {
    Rejection r =
        onlyRejection(importWithLine2(bloodPressure("o2", "p1", "2020-06-01T10:00:00Z", 1200, 80)));
    assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(r.field()).isEqualTo("Observation.component[1].value[x]");
  }

  @Test
  void dateAfterTheImportTime_rejectedAsFutureDate() {
    Rejection r =
        onlyRejection(importWithLine2(bloodPressure("o2", "p1", "2027-03-01T10:00:00Z", 120, 80)));
    assertThat(r.reason()).isEqualTo(RejectionReason.FUTURE_DATE);
    assertThat(r.field()).isEqualTo("Observation.effective[x]");
  }

  @Test
  void quantityInAnotherConvertibleUnit_isConvertedToTheDeclaredUnit() {
    ImportResult result =
        importWithLine2(bloodPressure("o2", "p1", "2020-06-01T10:00:00Z", 16, 10.6658, "kPa"));
    assertThat(result.rejections()).isEmpty();
    assertThat(result.records()).hasSize(3);
    double systolic =
        result.records().get(0).followUp().variable("systolic_bp").orElseThrow().value().asDouble();
    assertThat(systolic).isCloseTo(120.0, within(0.05));
  }
}
