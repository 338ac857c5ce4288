package org.transitionnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.transitionnet.fhir.Fhir.bloodPressure;
import static org.transitionnet.fhir.Fhir.condition;
import static org.transitionnet.fhir.Fhir.lab;
import static org.transitionnet.fhir.Fhir.medicationRequest;
import static org.transitionnet.fhir.Fhir.patient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.Action;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;

class DerivationTest {

  private static final ExtractionTask BP = Fhir.task("bp-antihypertensive");
  private static final ExtractionTask GLYCEMIC = Fhir.task("glycemic-control");

  private static double value(TransitionRecord r, boolean baseline, String name) {
    return (baseline ? r.baseline() : r.followUp()).variable(name).orElseThrow().value().asDouble();
  }

  // ---- consecutive measurements ----

  private static final String[] BP_PATIENTS = {
    patient("treated", "1960-01-01", "male"), patient("untreated", "1970-01-01", "female")
  };

  private static final String[] BP_OBSERVATIONS = {
    bloodPressure("t1", "treated", "2020-01-01T09:00:00Z", 160, 100),
    bloodPressure("t2", "treated", "2020-07-01T09:00:00Z", 140, 90),
    bloodPressure("t3", "treated", "2023-07-01T09:00:00Z", 150, 95),
    bloodPressure("u1", "untreated", "2020-02-01T09:00:00Z", 120, 80),
    bloodPressure("u2", "untreated", "2021-02-01T09:00:00Z", 125, 82)
  };

  private static final String[] BP_REQUESTS = {
    medicationRequest("rx1", "treated", Fhir.LISINOPRIL_10, "2020-01-01T09:00:00Z"),
    medicationRequest("rx2", "treated", Fhir.AMLODIPINE_2_5, "2019-06-01T09:00:00Z")
  };

  private static final String[] BP_CONDITIONS = {
    condition("c1", "treated", "59621000", "2019-01-01T00:00:00Z"),
    condition("c2", "untreated", "59621000", "2021-01-01T00:00:00Z")
  };

  @Test
  void consecutiveReadings_actionIsEveryClassActiveInBetweenWithDose() {
    ImportResult result =
        Fhir.importLines(BP, BP_PATIENTS, BP_OBSERVATIONS, BP_REQUESTS, BP_CONDITIONS);
    assertThat(result.rejections()).isEmpty();
    TransitionRecord treated = result.records().get(0);
    assertThat(treated.subject()).isEqualTo("treated");
    assertThat(value(treated, true, "systolic_bp")).isEqualTo(160);
    assertThat(value(treated, true, "diastolic_bp")).isEqualTo(100);
    assertThat(value(treated, false, "systolic_bp")).isEqualTo(140);
    assertThat(treated.intervalDays()).isEqualTo(182.0);
    assertThat(treated.actions())
        .extracting(Action::name)
        .containsExactly("ace-inhibitor", "calcium-channel-blocker");
    Action lisinopril = treated.actions().get(0);
    assertThat(lisinopril.code()).isEqualTo(Fhir.RXNORM + "|" + Fhir.LISINOPRIL_10);
    assertThat(lisinopril.dose()).isEqualTo(20.0); // two 10 mg tablets
    assertThat(lisinopril.doseUnit()).isEqualTo("mg");
    assertThat(lisinopril.frequency()).isEqualTo("1/d");
    assertThat(lisinopril.route()).isEqualTo("oral");
  }

  @Test
  void consecutiveReadings_noneWhenNothingWasActive_andLongGapsDropped() {
    ImportResult result =
        Fhir.importLines(BP, BP_PATIENTS, BP_OBSERVATIONS, BP_REQUESTS, BP_CONDITIONS);
    // treated: 2020-01 -> 2020-07 kept, 2020-07 -> 2023-07 longer than 730 days; untreated: one.
    assertThat(result.records())
        .extracting(TransitionRecord::subject)
        .containsExactly("treated", "untreated");
    assertThat(result.dropped()).containsEntry(RejectionReason.INTERVAL_TOO_LONG, 1L);
    TransitionRecord untreated = result.records().get(1);
    assertThat(untreated.actions()).extracting(Action::type).containsExactly("none");
  }

  @Test
  void contextHoldsAgeSexAndConditionsKnownAtBaseline() {
    ImportResult result =
        Fhir.importLines(BP, BP_PATIENTS, BP_OBSERVATIONS, BP_REQUESTS, BP_CONDITIONS);
    TransitionRecord treated = result.records().get(0);
    TransitionRecord untreated = result.records().get(1);
    assertThat(treated.context().get(0).value().asDouble()).isCloseTo(60.0, within(0.01));
    assertThat(treated.context().get(1).value()).isEqualTo(Value.of("male"));
    assertThat(treated.context().get(2).value()).isEqualTo(Value.of(true));
    // untreated's hypertension starts after its baseline
    assertThat(untreated.context().get(2).value()).isEqualTo(Value.of(false));
    assertThat(treated.baseline().timeDays()).isCloseTo(21915.375, within(0.001));
  }

  @Test
  void provenanceNamesTheResourcesEachRecordCameFrom() {
    ImportResult result =
        Fhir.importLines(BP, BP_PATIENTS, BP_OBSERVATIONS, BP_REQUESTS, BP_CONDITIONS);
    assertThat(result.records().get(0).provenance().sourceIds())
        .containsExactly(
            "Observation/t1", "Observation/t2", "MedicationRequest/rx1", "MedicationRequest/rx2");
    assertThat(result.records().get(0).provenance().mappingVersion()).isEqualTo(BP.version());
    assertThat(result.records().get(0).provenance().dataset()).isEqualTo("synthea");
  }

  @Test
  void outputDoesNotDependOnInputOrder() {
    ImportResult forward =
        Fhir.importLines(BP, BP_PATIENTS, BP_OBSERVATIONS, BP_REQUESTS, BP_CONDITIONS);
    ImportResult backward =
        Fhir.importLines(
            BP,
            reversed(BP_PATIENTS),
            reversed(BP_OBSERVATIONS),
            reversed(BP_REQUESTS),
            reversed(BP_CONDITIONS));
    assertThat(backward.records())
        .extracting(TransitionRecord::identityKey)
        .containsExactlyElementsOf(
            forward.records().stream().map(TransitionRecord::identityKey).toList());
  }

  private static String[] reversed(String[] lines) {
    List<String> l = new ArrayList<>(List.of(lines));
    Collections.reverse(l);
    return l.toArray(String[]::new);
  }

  // ---- event-anchored ----

  private static ImportResult glycemic() {
    return Fhir.importLines(
        GLYCEMIC,
        new String[] {
          patient("starter", "1960-01-01", "female"),
          patient("no-baseline", "1960-01-01", "male"),
          patient("no-follow-up", "1960-01-01", "male")
        },
        new String[] {
          lab("a1", "starter", "4548-4", "2019-06-01T08:00:00Z", 7.5, "%"),
          lab("a2", "starter", "4548-4", "2019-12-01T08:00:00Z", 8.0, "%"),
          lab("g2", "starter", "2339-0", "2019-12-01T08:00:00Z", 160, "mg/dL"),
          lab("a3", "starter", "4548-4", "2020-01-10T08:00:00Z", 7.9, "%"),
          lab("a4", "starter", "4548-4", "2020-06-01T08:00:00Z", 7.0, "%"),
          lab("b1", "no-baseline", "4548-4", "2018-01-01T08:00:00Z", 7.0, "%"),
          lab("b2", "no-baseline", "4548-4", "2020-03-01T08:00:00Z", 7.0, "%"),
          lab("f1", "no-follow-up", "4548-4", "2019-12-01T08:00:00Z", 7.0, "%")
        },
        new String[] {
          medicationRequest("m1", "starter", Fhir.METFORMIN_500, "2020-01-01T08:00:00Z"),
          medicationRequest("m2", "starter", Fhir.METFORMIN_500, "2020-07-01T08:00:00Z"),
          medicationRequest("m3", "no-baseline", Fhir.METFORMIN_500, "2020-01-01T08:00:00Z"),
          medicationRequest("m4", "no-follow-up", Fhir.METFORMIN_500, "2020-01-01T08:00:00Z")
        },
        new String[0]);
  }

  @Test
  void eventAnchored_latestBaselineInLookbackAndFirstFollowUpAfterTheMinimumGap() {
    ImportResult result = glycemic();
    assertThat(result.rejections()).isEmpty();
    assertThat(result.records()).hasSize(1);
    TransitionRecord r = result.records().get(0);
    assertThat(r.subject()).isEqualTo("starter");
    assertThat(value(r, true, "hba1c")).isEqualTo(8.0);
    assertThat(value(r, true, "glucose")).isEqualTo(160.0);
    // a3 is 9 days after the start, inside the 14-day minimum: the follow-up is a4
    assertThat(value(r, false, "hba1c")).isEqualTo(7.0);
    assertThat(r.followUp().variable("glucose").orElseThrow().isMissing()).isTrue();
    assertThat(r.intervalDays()).isEqualTo(183.0);
    assertThat(r.actions()).hasSize(1);
    assertThat(r.actions().get(0).name()).isEqualTo("biguanide");
    assertThat(r.actions().get(0).dose()).isEqualTo(1000.0);
    assertThat(r.provenance().sourceIds())
        .containsExactly(
            "Observation/a2", "Observation/g2", "Observation/a4", "MedicationRequest/m1");
  }

  @Test
  void eventAnchored_dropsRefillsAndStartsWithoutBaselineOrFollowUp_countedByRule() {
    assertThat(glycemic().dropped())
        .isEqualTo(
            Map.of(
                RejectionReason.NOT_A_NEW_START, 1L,
                RejectionReason.NO_BASELINE_IN_WINDOW, 1L,
                RejectionReason.NO_FOLLOW_UP_IN_WINDOW, 1L));
  }
}
