package org.transitionnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.Action;
import org.transitionnet.record.TransitionRecord;

/**
 * The shipped Synthea site-c export (Texas, 455 patients, 240 MB of NDJSON) with both shipped tasks
 * gives the transition counts documented in docs/guide-fhir.md, the same from run to run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheaSiteImportTest {

  private static final Path SITE_C = Path.of("../datasets/synthea/site-c");
  private static final Clock AFTER_EXPORT =
      Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final FhirImporter importer =
      new FhirImporter("site-c", AFTER_EXPORT, new UcumUnitConverter());
  private ImportResult bp;
  private ImportResult glycemic;

  @BeforeAll
  void importSiteC() {
    bp = importer.importBulkDirectory(SITE_C, Fhir.task("bp-antihypertensive"));
    glycemic = importer.importBulkDirectory(SITE_C, Fhir.task("glycemic-control"));
  }

  @Test
  void bloodPressureTask_documentedCounts() {
    assertThat(bp.unitsRead()).isEqualTo(455 + 16465 + 224610 + 24856 + 7813);
    assertThat(bp.rejections()).isEmpty();
    assertThat(bp.records()).hasSize(5915);
    assertThat(bp.dropped()).isEqualTo(Map.of(RejectionReason.INTERVAL_TOO_LONG, 274L));
    long none = bp.records().stream().filter(r -> r.actions().get(0).type().equals("none")).count();
    assertThat(none).isBetween(1L, (long) bp.records().size() - 1);
    assertThat(bp.records())
        .allSatisfy(r -> assertThat(r.site()).isEqualTo("site-c"))
        .allSatisfy(r -> assertThat(r.intervalDays()).isPositive());
  }

  @Test
  void glycemicTask_documentedCountsAndDropsByRule() {
    assertThat(glycemic.rejections()).isEmpty();
    assertThat(glycemic.records()).hasSize(16);
    assertThat(glycemic.dropped())
        .isEqualTo(
            Map.of(
                RejectionReason.NOT_A_NEW_START, 3155L,
                RejectionReason.NO_BASELINE_IN_WINDOW, 39L,
                RejectionReason.NO_FOLLOW_UP_IN_WINDOW, 8L));
    assertThat(glycemic.records())
        .allSatisfy(
            r ->
                assertThat(r.actions())
                    .extracting(Action::name)
                    .containsAnyOf("biguanide", "insulin"));
  }

  @Test
  void sameExportSameRecords_inTheSameOrder() {
    ImportResult again = importer.importBulkDirectory(SITE_C, Fhir.task("bp-antihypertensive"));
    assertThat(again.records())
        .extracting(TransitionRecord::identityKey)
        .containsExactlyElementsOf(
            bp.records().stream().map(TransitionRecord::identityKey).toList());
  }
}
