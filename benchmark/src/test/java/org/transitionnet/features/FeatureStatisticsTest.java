package org.transitionnet.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.Task;
import org.transitionnet.testing.SyntheticTrial;

class FeatureStatisticsTest {

  private static final List<TransitionRecord> RECORDS = SyntheticTrial.records(50, 2, 11);
  private static final Task TASK = SyntheticTrial.task(RECORDS);

  @Test
  void mergedSiteStatistics_equalThePooledStatistics() {
    FeatureStatistics pooled = FeatureStatistics.of(TASK, RECORDS);
    FeatureStatistics merged =
        FeatureStatistics.of(TASK, RECORDS.subList(0, 37))
            .merge(FeatureStatistics.of(TASK, RECORDS.subList(37, RECORDS.size())));
    for (String slot : pooled.slotNames()) {
      assertThat(merged.mean(slot)).isCloseTo(pooled.mean(slot), within(1e-12));
      assertThat(merged.sd(slot)).isCloseTo(pooled.sd(slot), within(1e-12));
    }
    assertThat(FeatureStatistics.fromVector(TASK, merged.toVector()).sd("target:crp"))
        .isEqualTo(merged.sd("target:crp"));
  }

  @Test
  void logTargetStatistics_areOnTheLogScale_andSkipMissing() {
    FeatureStatistics s = FeatureStatistics.of(TASK, RECORDS);
    double n = 0;
    double sum = 0;
    for (TransitionRecord r : RECORDS) {
      var v = r.followUp().variable("crp").orElseThrow();
      if (!v.isMissing()) {
        n++;
        sum += Math.log(v.value().asDouble());
      }
    }
    assertThat(n).isLessThan(RECORDS.size());
    assertThat(s.count("target:crp")).isEqualTo(n);
    assertThat(s.mean("target:crp")).isCloseTo(sum / n, within(1e-12));
  }

  @Test
  void encoder_oneHotsActionsAndCategories_andFlagsMissingValues() {
    FeatureEncoder enc = new FeatureEncoder(TASK, FeatureStatistics.of(TASK, RECORDS));
    assertThat(enc.inputNames())
        .contains(
            "crp",
            "crp:missing",
            "fever",
            "grade=I",
            "grade=II",
            "sex=f",
            "interval_days",
            "action=drug:Curaxin",
            "action=placebo:placebo");
    TransitionRecord r = RECORDS.get(0);
    Example e = enc.encode(r, "drug:Curaxin");
    int drug = enc.inputNames().indexOf("action=drug:Curaxin");
    int placebo = enc.inputNames().indexOf("action=placebo:placebo");
    assertThat(e.inputs()[drug]).isEqualTo(1.0);
    assertThat(e.inputs()[placebo]).isEqualTo(0.0);
    assertThat(e.baseline()[0])
        .isCloseTo(
            Math.log(r.baseline().variable("crp").orElseThrow().value().asDouble()), within(1e-12));
  }
}
