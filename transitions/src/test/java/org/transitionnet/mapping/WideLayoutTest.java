package org.transitionnet.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;

/**
 * A dataset the importer has never seen (a two-arm depression trial, one row per patient, Beck
 * Depression Inventory before, at 2 and at 6 months) imports by writing only a mapping.
 */
class WideLayoutTest {

  static final String CSV =
      """
      patient,arm,age,bdi.pre,bdi.2m,bdi.6m
      p1,btheb,29,29,2,2
      p2,tau,32,32,16,24
      p3,btheb,25,25,20,
      p4,tau,41,21,17,16
      p5,tau,30,26,,
      """;

  static final String MAPPING =
      """
      {
        "dataset": "depression-trial",
        "layout": "wide",
        "subject": "patient",
        "time": {"unit": "mo"},
        "pairing": "baseline",
        "context": [{"column": "age", "name": "age", "unit": "a"}],
        "series": {"bdi.pre": 0, "bdi.2m": 2, "bdi.6m": 6},
        "state": [{"name": "bdi", "unit": "{score}", "range": {"min": 0, "max": 63},
                   "transform": "sqrt"}],
        "action": {
          "column": "arm",
          "levels": {
            "btheb": {"type": "behavioral", "name": "Beat the Blues"},
            "tau": {"type": "usual-care", "name": "treatment as usual"}
          },
          "randomized": true
        },
        "targets": ["bdi"]
      }
      """;

  static ImportResult read(String mapping, String csv) throws MappingException {
    return new CsvImporter(Mapping.parse(mapping))
        .read(new ByteArrayInputStream(csv.getBytes(UTF_8)), "bdi.csv");
  }

  @Test
  void wideRows_becomeBaselinePairs_timesInUcumMonths() throws Exception {
    ImportResult result = read(MAPPING, CSV);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.unitsRead()).isEqualTo(5);
    // p1, p2, p4: 2 pairs each; p3: 1 (6-month value missing); p5: none (only baseline)
    assertThat(result.records()).hasSize(7);
    TransitionRecord first = result.records().get(0);
    assertThat(first.subject()).isEqualTo("p1");
    assertThat(first.baseline().timeDays()).isZero();
    assertThat(first.followUp().timeDays()).isEqualTo(2 * 30.4375);
    assertThat(first.intervalDays()).isEqualTo(60.875);
    assertThat(first.baseline().variable("bdi").orElseThrow().value()).isEqualTo(Value.of(29.0));
    assertThat(first.followUp().variable("bdi").orElseThrow().value()).isEqualTo(Value.of(2.0));
    assertThat(first.actions().get(0).type()).isEqualTo("behavioral");
    assertThat(first.provenance().sourceIds()).containsExactly("row:2");
    assertThat(result.records().get(1).intervalDays()).isEqualTo(6 * 30.4375);
    assertThat(result.records().get(1).baseline().timeDays()).isZero();
  }

  @Test
  void consecutivePairing_inWideLayout() throws Exception {
    ImportResult result =
        read(MAPPING.replace("\"pairing\": \"baseline\"", "\"pairing\": \"consecutive\""), CSV);
    assertThat(result.records()).hasSize(7);
    assertThat(result.records().get(1).baseline().timeDays()).isEqualTo(2 * 30.4375);
  }

  @Test
  void withoutSubjectColumn_theRowNumberIsTheSubject() throws Exception {
    ImportResult result = read(MAPPING.replace("\"subject\": \"patient\",", ""), CSV);
    assertThat(result.records()).extracting(TransitionRecord::subject).startsWith("2", "2", "3");
  }

  @Test
  void secondRowOfOneSubject_isDuplicate() throws Exception {
    ImportResult result = read(MAPPING, CSV + "p1,tau,29,30,3,3\n");
    Rejection r = result.rejections().get(0);
    assertThat(r.reason()).isEqualTo(RejectionReason.DUPLICATE);
    assertThat(r.location()).isEqualTo("row 7");
    assertThat(r.field()).isEqualTo("patient");
  }

  @Test
  void outOfRangeScore_namesRowAndSeriesColumn() throws Exception {
    ImportResult result = read(MAPPING, CSV.replace("p4,tau,41,21,17,16", "p4,tau,41,21,71,16"));
    Rejection r = result.rejections().get(0);
    assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(r.location()).isEqualTo("row 5");
    assertThat(r.field()).isEqualTo("bdi.2m");
    assertThat(result.records()).hasSize(5);
  }
}
