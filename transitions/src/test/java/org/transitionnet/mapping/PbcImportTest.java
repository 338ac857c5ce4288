package org.transitionnet.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.Action;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.TransitionRecordCodec;
import org.transitionnet.record.Value;
import org.transitionnet.validation.RecordValidator;
import org.transitionnet.validation.Transform;

/** The acceptance import: the shipped pbcseq data with the shipped pbc mapping. */
class PbcImportTest {

  static final Path CSV = Path.of("../datasets/pbc/pbcseq.csv");
  static final Path MAPPING = Path.of("../datasets/pbc/pbc-mapping.json");

  static Mapping mapping;
  static ImportResult result;

  @BeforeAll
  static void importPbc() throws Exception {
    mapping = Mapping.read(MAPPING);
    try (InputStream in = Files.newInputStream(CSV)) {
      result = new CsvImporter(mapping).read(in, "pbcseq.csv");
    }
  }

  @Test
  void pbcseq_1945Rows_give1633ConsecutiveTransitions_noneRejected() {
    assertThat(result.rejections()).isEmpty();
    assertThat(result.unitsRead()).isEqualTo(1945);
    assertThat(result.records()).hasSize(1633);
    assertThat(result.dropped()).isEmpty();
  }

  @Test
  void firstRecord_carriesBaselineRowValuesActionContextAndProvenance() {
    TransitionRecord first = result.records().get(0);
    assertThat(first.subject()).isEqualTo("1");
    assertThat(first.site()).isEmpty();
    assertThat(first.baseline().timeDays()).isEqualTo(0);
    assertThat(first.followUp().timeDays()).isEqualTo(192);
    assertThat(first.intervalDays()).isEqualTo(192);
    assertThat(first.baseline().variable("bilirubin").orElseThrow().value())
        .isEqualTo(Value.of(14.5));
    assertThat(first.baseline().variable("bilirubin").orElseThrow().unit()).isEqualTo("mg/dL");
    assertThat(first.baseline().variable("bilirubin").orElseThrow().code())
        .isEqualTo("http://loinc.org|1975-2");
    assertThat(first.followUp().variable("cholesterol").orElseThrow().isMissing()).isTrue();
    assertThat(first.baseline().variable("edema").orElseThrow().value()).isEqualTo(Value.of("1"));
    assertThat(first.baseline().variable("ascites").orElseThrow().value())
        .isEqualTo(Value.of(true));
    assertThat(first.actions())
        .containsExactly(Action.of("drug", "D-penicillamine", "http://www.whocc.no/atc|M01CC01"));
    assertThat(first.context().get(1).value()).isEqualTo(Value.of("f"));
    assertThat(first.provenance().sourceIds()).containsExactly("row:2", "row:3");
    assertThat(first.provenance().dataset()).isEqualTo("pbcseq");
    assertThat(first.provenance().importedAt()).isNull();
    assertThat(first.provenance().mappingVersion()).isEqualTo(mapping.version()).hasSize(64);
  }

  @Test
  void placeboArm_andActionsSplitAsTheTrialDid() {
    Map<String, Long> byArm =
        result.records().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r -> r.actions().get(0).label(), java.util.stream.Collectors.counting()));
    assertThat(byArm).containsOnlyKeys("drug:D-penicillamine", "placebo:placebo");
    assertThat(byArm.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1633);
  }

  @Test
  void pbcMapping_declaresTargetsTransformsAndTolerances() {
    assertThat(mapping.targets())
        .containsExactly(
            "bilirubin", "albumin", "alkaline_phosphatase", "ast", "platelets", "prothrombin_time");
    assertThat(mapping.directionTolerance()).containsEntry("ast", 0.1).hasSize(6);
    assertThat(mapping.variables().find("bilirubin").orElseThrow().transform())
        .isEqualTo(Transform.LOG);
    assertThat(mapping.variables().state()).hasSize(12);
    assertThat(mapping.variables().context()).hasSize(2);
    assertThat(mapping.randomized()).isTrue();
  }

  @Test
  void everyImportedRecord_survivesCanonicalJsonAndRevalidation() throws Exception {
    RecordValidator validator = new RecordValidator(mapping.variables());
    String json = TransitionRecordCodec.batchToJson(result.records());
    var back = TransitionRecordCodec.batchFromJson(json);
    assertThat(back).isEqualTo(result.records());
    ImportResult again = validator.checkAll(back, "batch.json");
    assertThat(again.rejections()).isEmpty();
    assertThat(again.records()).isEqualTo(result.records());
  }

  @Test
  void baselinePairing_pairsFirstVisitWithEveryLaterOne() throws Exception {
    String json =
        Files.readString(MAPPING)
            .replace("\"pairing\": \"consecutive\"", "\"pairing\": \"baseline\"");
    ImportResult baseline;
    try (InputStream in = Files.newInputStream(CSV)) {
      baseline = new CsvImporter(Mapping.parse(json)).read(in, "pbcseq.csv");
    }
    // Each subject's n visits give n - 1 pairs either way, all starting at the first visit.
    assertThat(baseline.records()).hasSize(1633);
    assertThat(baseline.records()).allMatch(r -> r.baseline().timeDays() == 0);
    assertThat(baseline.records().stream().mapToDouble(TransitionRecord::intervalDays).sum())
        .isGreaterThan(result.records().stream().mapToDouble(TransitionRecord::intervalDays).sum());
  }

  @Test
  void maxIntervalDays_dropsLongerGaps_countedNotRejected() throws Exception {
    long longer = result.records().stream().filter(r -> r.intervalDays() > 400).count();
    String json =
        Files.readString(MAPPING)
            .replace(
                "\"pairing\": \"consecutive\",",
                "\"pairing\": \"consecutive\", \"max_interval_days\": 400,");
    ImportResult limited;
    try (InputStream in = Files.newInputStream(CSV)) {
      limited = new CsvImporter(Mapping.parse(json)).read(in, "pbcseq.csv");
    }
    assertThat(longer).isPositive();
    assertThat(limited.records()).hasSize((int) (1633 - longer));
    assertThat(limited.dropped())
        .containsExactly(Map.entry(RejectionReason.INTERVAL_TOO_LONG, longer));
    assertThat(limited.rejections()).isEmpty();
  }
}
