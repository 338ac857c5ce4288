package org.transitionnet.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;

/** Row-level errors of a long-layout CSV: each names its row and column. */
class CsvImporterTest {

  static final String MAPPING =
      """
      {
        "dataset": "lab",
        "layout": "long",
        "subject": "pid",
        "time": {"column": "week", "unit": "wk"},
        "action": {"column": "arm", "levels": {"A": {"type": "drug", "name": "a"},
                                              "B": {"type": "placebo", "name": "placebo"}}},
        "context": [{"column": "sex", "name": "sex", "type": "categorical", "levels": ["m", "f"]}],
        "state": [
          {"column": "glu", "name": "glucose", "unit": "mg/dL", "source_unit": "g/L",
           "range": {"min": 10, "max": 1000}},
          {"column": "smoker", "name": "smoker", "type": "binary"}
        ]
      }
      """;

  static final String HEADER = "pid,sex,arm,week,glu,smoker\n";

  static ImportResult read(String mappingJson, byte[] csv) throws MappingException {
    return new CsvImporter(Mapping.parse(mappingJson)).read(new ByteArrayInputStream(csv), "t.csv");
  }

  static ImportResult read(String csv) throws MappingException {
    return read(MAPPING, csv.getBytes(UTF_8));
  }

  static Rejection only(ImportResult result) {
    assertThat(result.rejections()).hasSize(1);
    return result.rejections().get(0);
  }

  @Test
  void weeksBecomeDays_andSourceUnitConvertsToDeclaredUnit() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,0.9,1\n");
    TransitionRecord r = result.records().get(0);
    assertThat(r.intervalDays()).isEqualTo(14);
    assertThat(r.baseline().variable("glucose").orElseThrow().value()).isEqualTo(Value.of(100.0));
    assertThat(r.followUp().variable("glucose").orElseThrow().unit()).isEqualTo("mg/dL");
    assertThat(r.followUp().variable("smoker").orElseThrow().value()).isEqualTo(Value.of(true));
  }

  @Test
  void wrongColumnCount_namesRow() throws Exception {
    Rejection r = only(read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,0.9\n1,f,A,4,0.9,1\n"));
    assertThat(r.reason()).isEqualTo(RejectionReason.WRONG_COLUMN_COUNT);
    assertThat(r.location()).isEqualTo("row 3");
    assertThat(r.source()).isEqualTo("t.csv");
    assertThat(r.message()).contains("5 cells", "6");
  }

  @Test
  void badNumber_namesRowAndColumn() throws Exception {
    Rejection r = only(read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,0,9,1\n".replace("0,9", "0;9")));
    assertThat(r.reason()).isEqualTo(RejectionReason.BAD_VALUE);
    assertThat(r.location()).isEqualTo("row 3");
    assertThat(r.field()).isEqualTo("glu");
    assertThat(r.message()).contains("'0;9' is not a number");
  }

  @Test
  void hexAndNanAreNotNumbers() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,NaN,0\n1,f,A,0x1p3,1,0\n");
    assertThat(result.rejections())
        .extracting(Rejection::location, Rejection::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("row 2", "glu"),
            org.assertj.core.groups.Tuple.tuple("row 3", "week"));
  }

  @Test
  void unknownLevel_namesRowAndColumn() throws Exception {
    ImportResult result = read(HEADER + "1,x,A,0,1.0,0\n1,f,C,2,0.9,yes\n");
    assertThat(result.rejections())
        .extracting(Rejection::location, Rejection::field, Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("row 2", "sex", RejectionReason.BAD_VALUE),
            org.assertj.core.groups.Tuple.tuple("row 3", "arm", RejectionReason.BAD_VALUE),
            org.assertj.core.groups.Tuple.tuple("row 3", "smoker", RejectionReason.BAD_VALUE));
    assertThat(result.records()).isEmpty();
  }

  @Test
  void malformedUtf8_isRejectedAsBadEncoding_namingRowAndColumn() throws Exception {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes((HEADER + "1,f,A,0,1.0,0\n1,").getBytes(UTF_8));
    csv.write(0xC3); // a lone lead byte: Latin-1 'Ã' pasted into a UTF-8 file
    csv.writeBytes(",A,2,0.9,1\n1,f,A,4,0.8,1\n".getBytes(UTF_8));
    ImportResult result = read(MAPPING, csv.toByteArray());
    Rejection r = only(result);
    assertThat(r.reason()).isEqualTo(RejectionReason.BAD_ENCODING);
    assertThat(r.location()).isEqualTo("row 3");
    assertThat(r.field()).isEqualTo("sex");
    // the bad row takes no part in pairing: rows 2 and 4 pair across it
    assertThat(result.records()).hasSize(1);
    assertThat(result.records().get(0).provenance().sourceIds()).containsExactly("row:2", "row:4");
    assertThat(result.records().get(0).intervalDays()).isEqualTo(28);
  }

  @Test
  void correctUtf8_withByteOrderMark_reads() throws Exception {
    byte[] csv = ("\uFEFF" + HEADER + "ü,f,A,0,1.0,0\nü,f,A,2,0.9,1\n").getBytes(UTF_8);
    ImportResult result = read(MAPPING, csv);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.records().get(0).subject()).isEqualTo("ü");
  }

  @Test
  void columnMissingFromFile_failsWholeFile_namingColumnAndMappingPath() {
    String csv = "pid,sex,arm,week,glucose,smoker\n1,f,A,0,1.0,0\n";
    assertThatThrownBy(() -> read(csv))
        .isInstanceOfSatisfying(
            MappingException.class,
            e -> {
              assertThat(e.column()).isEqualTo("glu");
              assertThat(e.path()).isEqualTo("$.state[0].column");
              assertThat(e.getMessage()).contains("no column 'glu'", "t.csv");
            });
  }

  @Test
  void emptyFile_failsWholeFile() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("no header");
  }

  @Test
  void valueOutsidePlausibleRange_namesRowAndColumn() throws Exception {
    Rejection r = only(read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,25,1\n"));
    assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(r.location()).isEqualTo("row 3");
    assertThat(r.field()).isEqualTo("glu");
    assertThat(r.message()).contains("2500.0 mg/dL", "25.0 g/L");
  }

  @Test
  void repeatedRow_isDuplicate_andKeptOnce() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,0.9,1\n1,f,A,2,0.9,1\n");
    Rejection r = only(result);
    assertThat(r.reason()).isEqualTo(RejectionReason.DUPLICATE);
    assertThat(r.location()).isEqualTo("row 4");
    assertThat(r.message()).contains("repeats row 3");
    assertThat(result.records()).hasSize(1);
  }

  @Test
  void twoDifferentVisitsAtOneTime_giveNonPositiveInterval_namingRowsAndTimeColumn()
      throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n1,f,A,0,1.1,0\n1,f,A,3,0.9,1\n");
    Rejection r = only(result);
    assertThat(r.reason()).isEqualTo(RejectionReason.NON_POSITIVE_INTERVAL);
    assertThat(r.location()).isEqualTo("rows 2, 3");
    assertThat(r.field()).isEqualTo("week");
    assertThat(result.records()).hasSize(1);
  }

  @Test
  void emptyCell_isMissingValue_butEmptySubjectOrTimeIsMissingField() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,,0\n1,f,A,2,0.9,\n,f,A,3,1,1\n1,f,A,,1,1\n");
    assertThat(result.records()).hasSize(1);
    assertThat(result.records().get(0).baseline().variable("glucose").orElseThrow().isMissing())
        .isTrue();
    assertThat(result.records().get(0).followUp().variable("smoker").orElseThrow().isMissing())
        .isTrue();
    assertThat(result.rejections())
        .extracting(Rejection::location, Rejection::field, Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("row 4", "pid", RejectionReason.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple("row 5", "week", RejectionReason.MISSING_FIELD));
    assertThat(result.unitsRead()).isEqualTo(4);
  }

  @Test
  void rowsAreNumberedAsSpreadsheetShowsThem_blankLinesSkippedButCounted() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n\n1,f,A,2,x,1\n");
    Rejection r = only(result);
    assertThat(r.location()).isEqualTo("row 4");
    assertThat(result.unitsRead()).isEqualTo(2);
  }

  @Test
  void subjectsAreGroupedAndVisitsSortedByTime_inAnyRowOrder() throws Exception {
    ImportResult result =
        read(
            HEADER + "2,m,B,4,1.2,0\n1,f,A,2,0.9,1\n2,m,B,0,1.0,0\n1,f,A,0,1.0,0\n2,m,B,2,1.1,0\n");
    assertThat(result.records())
        .extracting(r -> r.subject() + ":" + r.provenance().sourceIds())
        .containsExactly("2:[row:4, row:6]", "2:[row:6, row:2]", "1:[row:5, row:3]");
    assertThat(result.records().get(0).actions().get(0).type()).isEqualTo("placebo");
  }

  @Test
  void naMarkers_declaredInMapping_meanMissing() throws Exception {
    String mapping =
        MAPPING.replace(
            "\"dataset\": \"lab\",", "\"dataset\": \"lab\", \"missing_values\": [\"NA\"],");
    ImportResult result = read(mapping, (HEADER + "1,f,A,0,NA,0\n1,f,A,2,0.9,1\n").getBytes(UTF_8));
    assertThat(result.rejections()).isEmpty();
    assertThat(result.records().get(0).baseline().variable("glucose").orElseThrow().isMissing())
        .isTrue();
  }

  @Test
  void siteColumn_setsEachRecordsSite_andSeparatesSubjects() throws Exception {
    String mapping =
        MAPPING.replace("\"subject\": \"pid\",", "\"subject\": \"pid\", \"site\": \"hosp\",");
    String csv =
        "hosp,pid,sex,arm,week,glu,smoker\nx,1,f,A,0,1,0\ny,1,f,A,1,1,0\nx,1,f,A,2,1,0\ny,1,f,A,3,1,0\n";
    ImportResult result = read(mapping, csv.getBytes(UTF_8));
    assertThat(result.records()).extracting(TransitionRecord::site).containsExactly("x", "y");
    assertThat(result.records()).allMatch(r -> r.intervalDays() == 14);
  }

  @Test
  void timeScale_multipliesTheTimeColumn() throws Exception {
    String mapping =
        MAPPING.replace(
            "{\"column\": \"week\", \"unit\": \"wk\"}",
            "{\"column\": \"week\", \"unit\": \"d\", \"scale\": 14}");
    ImportResult result =
        read(mapping, (HEADER + "1,f,A,1,1.0,0\n1,f,A,3,0.9,1\n").getBytes(UTF_8));
    assertThat(result.records().get(0).baseline().timeDays()).isEqualTo(14);
    assertThat(result.records().get(0).intervalDays()).isEqualTo(28);
  }

  @Test
  void actionList_combinesComponentsFromBaselineRow() throws Exception {
    String mapping =
        """
        {
          "dataset": "combo",
          "layout": "long",
          "subject": "pid",
          "time": {"column": "week", "unit": "wk"},
          "action": [
            {"column": "arm", "levels": {"A": {"type": "drug", "name": "a"}}},
            {"column": "dose", "levels": {
              "lo": {"type": "drug", "name": "b", "dose": 5, "dose_unit": "mg"},
              "hi": {"type": "drug", "name": "b", "dose": 10, "dose_unit": "mg"}}}
          ],
          "state": [{"column": "glu", "name": "glucose", "unit": "g/L"}]
        }
        """;
    String csv = "pid,arm,dose,week,glu\n1,A,lo,0,1\n1,A,hi,1,1\n";
    ImportResult result = read(mapping, csv.getBytes(UTF_8));
    assertThat(result.rejections()).isEmpty();
    assertThat(result.records().get(0).actions())
        .extracting(a -> a.name() + "@" + a.dose() + a.doseUnit())
        .containsExactly("a@null", "b@5.0mg");
    assertThat(Mapping.parse(mapping).actions()).hasSize(2);
  }

  @Test
  void quotedCellSpanningLines_countsAsOneRow() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n\"1\n\",f,A,2,x,1\n1,f,A,4,1,1\n");
    Rejection r = only(result);
    assertThat(r.location()).isEqualTo("row 3");
    assertThat(r.field()).isEqualTo("glu");
    assertThat(result.unitsRead()).isEqualTo(3);
  }

  @Test
  void unterminatedQuote_rejectsTheRestOfTheFile_keepsRowsBefore() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,0.9,1\n1,\"f,A,4,1,1\n");
    Rejection r = only(result);
    assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED);
    assertThat(r.location()).isEqualTo("row 4");
    assertThat(result.records()).hasSize(1);
  }

  @Test
  void importedCounts_byReason() throws Exception {
    ImportResult result = read(HEADER + "1,f,A,0,1.0,0\n1,f,A,2,x,1\n1,f,A,4\n1,f,A,6,1,1\n");
    assertThat(result.rejectedByReason())
        .isEqualTo(Map.of(RejectionReason.BAD_VALUE, 1L, RejectionReason.WRONG_COLUMN_COUNT, 1L));
    assertThat(result.records()).hasSize(1);
    assertThat(List.of(result.unitsRead())).containsExactly(4L);
  }
}
