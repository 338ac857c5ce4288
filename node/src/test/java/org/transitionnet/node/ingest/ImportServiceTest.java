package org.transitionnet.node.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.record.Action;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Variable;
import org.transitionnet.validation.ValidatedRecord;

class ImportServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Path PBC = Path.of("../datasets/pbc");

  private final InMemoryTransitionStore store = new InMemoryTransitionStore();
  private final ImportService service = new ImportService(store, Clock.fixed(NOW, ZoneOffset.UTC));

  private static TransitionRecord record(String subject, double day, double bilirubin) {
    return new TransitionRecord(
        subject,
        "",
        new State(day, List.of(Variable.number("bilirubin", bilirubin, "mg/dL", ""))),
        List.of(),
        List.of(Action.of("placebo", "placebo", "")),
        new State(day + 180, List.of(Variable.number("bilirubin", bilirubin + 1, "mg/dL", ""))),
        180,
        List.of(),
        new Provenance("source-name", List.of("row:" + (int) day), null, "v1"));
  }

  private static ImportResult parsed(List<TransitionRecord> records, List<Rejection> rejections) {
    return new ImportResult(records.size() + rejections.size(), records, rejections, Map.of());
  }

  private static Rejection badRow(int row) {
    return new Rejection(
        "f.csv", "row " + row, "bili", RejectionReason.BAD_VALUE, "'x' is not a number");
  }

  @Test
  void partialImport_storesValidRecords_andListsEachRejectedRowWithItsField() {
    ImportReport report =
        service.importRecords(
            "pbc",
            "f.csv",
            ImportMode.PARTIAL,
            parsed(List.of(record("1", 0, 1.0), record("2", 0, 2.0)), List.of(badRow(7))),
            RecordCheck.NONE);

    assertThat(report.outcome()).isEqualTo(ImportOutcome.STORED_WITH_REJECTIONS);
    assertThat(report.stored()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.rejectedByReason()).containsExactly(Map.entry("BAD_VALUE", 1L));
    assertThat(report.rejections())
        .containsExactly(
            new RejectedRow("f.csv", "row 7", "bili", "BAD_VALUE", "'x' is not a number"));
    assertThat(store.count("pbc")).isEqualTo(2);
  }

  @Test
  void allOrNothingImport_storesNothing_whenAnyRowIsRejected() {
    ImportReport report =
        service.importRecords(
            "pbc",
            "f.csv",
            ImportMode.ALL_OR_NOTHING,
            parsed(List.of(record("1", 0, 1.0), record("2", 0, 2.0)), List.of(badRow(7))),
            RecordCheck.NONE);

    assertThat(report.outcome()).isEqualTo(ImportOutcome.REFUSED);
    assertThat(report.stored()).isZero();
    assertThat(report.transitionsMade()).isEqualTo(2);
    assertThat(store.count("pbc")).isZero();
  }

  @Test
  void allOrNothingImport_storesEverything_whenNoRowIsRejected() {
    ImportReport report =
        service.importRecords(
            "pbc",
            "f.csv",
            ImportMode.ALL_OR_NOTHING,
            parsed(List.of(record("1", 0, 1.0), record("2", 0, 2.0)), List.of()),
            RecordCheck.NONE);

    assertThat(report.outcome()).isEqualTo(ImportOutcome.STORED);
    assertThat(store.count("pbc")).isEqualTo(2);
  }

  @Test
  void reimportingTheSameRecords_addsNothing_andCountsThemAlreadyPresent() {
    ImportResult same = parsed(List.of(record("1", 0, 1.0), record("2", 0, 2.0)), List.of());
    service.importRecords("pbc", "f.csv", ImportMode.PARTIAL, same, RecordCheck.NONE);

    ImportReport again =
        service.importRecords("pbc", "f.csv", ImportMode.PARTIAL, same, RecordCheck.NONE);

    assertThat(again.stored()).isZero();
    assertThat(again.alreadyPresent()).isEqualTo(2);
    assertThat(store.count("pbc")).isEqualTo(2);
  }

  @Test
  void theSameRecordTwiceInOneRequest_isStoredOnce() {
    ImportReport report =
        service.importRecords(
            "pbc",
            "f.json",
            ImportMode.PARTIAL,
            parsed(List.of(record("1", 0, 1.0), record("1", 0, 1.0)), List.of()),
            RecordCheck.NONE);

    assertThat(report.stored()).isEqualTo(1);
    assertThat(report.alreadyPresent()).isEqualTo(1);
    assertThat(report.transitionsMade()).isEqualTo(2);
  }

  @Test
  void storedRecords_carryTheNodesDatasetName_andTheImportTime() {
    service.importRecords(
        "site-a-pbc",
        "f.csv",
        ImportMode.PARTIAL,
        parsed(List.of(record("1", 0, 1.0)), List.of()),
        RecordCheck.NONE);

    Provenance p = store.page("site-a-pbc", 0, 10).get(0).provenance();
    assertThat(p.dataset()).isEqualTo("site-a-pbc");
    assertThat(p.importedAt()).isEqualTo(NOW);
    assertThat(p.sourceIds()).containsExactly("row:0");
    assertThat(p.mappingVersion()).isEqualTo("v1");
  }

  @Test
  void aRecordTheCheckRefuses_isListedAtTheLocationTheCallerGave() {
    RecordCheck refuseSubject2 =
        (r, source, location) ->
            r.subject().equals("2")
                ? new ValidatedRecord(
                    null,
                    List.of(
                        new Rejection(
                            source, location, "subject", RejectionReason.MISSING_FIELD, "no")))
                : new ValidatedRecord(r, List.of());

    ImportReport report =
        service.importRecords(
            "pbc",
            "request",
            ImportMode.PARTIAL,
            parsed(List.of(record("1", 0, 1.0), record("2", 0, 2.0)), List.of()),
            refuseSubject2,
            List.of("record 1", "record 2"));

    assertThat(report.rejections())
        .extracting(RejectedRow::location, RejectedRow::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("record 2", "subject"));
    assertThat(report.stored()).isEqualTo(1);
  }

  @Test
  void pbcseq_makes1633Transitions_andASecondImportAddsNone() throws Exception {
    Mapping mapping = Mapping.read(PBC.resolve("pbc-mapping.json"));
    ImportReport first = importPbc(mapping);
    ImportReport second = importPbc(mapping);

    assertThat(first.stored()).isEqualTo(1633);
    assertThat(first.rejected()).isZero();
    assertThat(second.stored()).isZero();
    assertThat(second.alreadyPresent()).isEqualTo(1633);
    assertThat(store.count("pbc")).isEqualTo(1633);
  }

  private ImportReport importPbc(Mapping mapping) throws Exception {
    try (InputStream in = Files.newInputStream(PBC.resolve("pbcseq.csv"))) {
      ImportResult parsed = new CsvImporter(mapping).read(in, "pbcseq.csv");
      return service.importRecords(
          "pbc", "pbcseq.csv", ImportMode.PARTIAL, parsed, RecordCheck.NONE);
    }
  }

  @Test
  void modeParameter_acceptsPartialAndAllOrNothing_andNamesThemWhenWrong() throws IOException {
    assertThat(ImportMode.parse(null)).isEqualTo(ImportMode.PARTIAL);
    assertThat(ImportMode.parse("all-or-nothing")).isEqualTo(ImportMode.ALL_OR_NOTHING);
    assertThatThrownBy(() -> ImportMode.parse("strict"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partial")
        .hasMessageContaining("all-or-nothing");
  }
}
