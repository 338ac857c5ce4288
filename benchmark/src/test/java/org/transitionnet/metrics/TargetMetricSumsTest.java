package org.transitionnet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetMetricSumsTest {

  private static final TargetScale UNIT = new TargetScale("x", 1.0, 0.1);

  @Test
  void maeRmseAndSkill_fromHandComputedErrors() {
    TargetMetricSums s = new TargetMetricSums(UNIT);
    // errors of mean vs y1: 1, -2, 3; no-change errors |y1 - y0|: 2, 2, 2
    s.add(0, 2, 3, 1);
    s.add(0, 2, 0, 1);
    s.add(0, -2, 1, 1);
    Map<Metric, Double> m = s.metrics(1, false);
    assertThat(m.get(Metric.N)).isEqualTo(3.0);
    assertThat(m.get(Metric.MAE)).isCloseTo(2.0, within(1e-12));
    assertThat(m.get(Metric.RMSE)).isCloseTo(Math.sqrt(14.0 / 3), within(1e-12));
    assertThat(m.get(Metric.SKILL)).isCloseTo(1 - 2.0 / 2.0, within(1e-12));
  }

  @Test
  void picp_countsFollowUpsInsideCentralIntervals() {
    TargetMetricSums s = new TargetMetricSums(UNIT);
    // |z| = 0.1, 0.5, 0.7, 1.0, 1.7, 2.0 ; z50 = 0.674, z90 = 1.645
    for (double y1 : new double[] {0.1, -0.5, 0.7, -1.0, 1.7, -2.0}) {
      s.add(5, y1, 0, 1);
    }
    Map<Metric, Double> m = s.metrics(1, false);
    assertThat(m.get(Metric.PICP50)).isCloseTo(2.0 / 6, within(1e-12));
    assertThat(m.get(Metric.PICP90)).isCloseTo(4.0 / 6, within(1e-12));
  }

  @Test
  void nllAndCrps_areOnTheScaleStandardizedByTrainingSd() {
    TargetMetricSums s = new TargetMetricSums(new TargetScale("x", 2.0, 0.1));
    // y1 = 2, mean = 0, sd = 2, s = 2 -> standardized y = 1, mean 0, sd 1
    s.add(0, 2, 0, 2);
    Map<Metric, Double> m = s.metrics(1, false);
    // ln 1 + ½ ln 2π + ½ · 1² = 0.918938533 + 0.5
    assertThat(m.get(Metric.NLL)).isCloseTo(1.4189385332, within(1e-9));
    // CRPS of N(0,1) at 1: (2Φ(1) − 1) + 2φ(1) − 1/√π
    assertThat(m.get(Metric.CRPS)).isCloseTo(0.6024413576, within(1e-9));
  }

  @Test
  void directionalAccuracy_usesToleranceTimesTrainingSd() {
    TargetMetricSums s = new TargetMetricSums(new TargetScale("x", 2.0, 0.25)); // tau = 0.5
    s.add(0, 1.0, 0.6, 1); // up / up: hit
    s.add(0, 0.4, 0.6, 1); // observed flat, predicted up: miss
    s.add(0, -0.4, 0.3, 1); // flat / flat: hit
    s.add(0, -1.0, 0.8, 1); // down / up: miss
    assertThat(s.metrics(1, false).get(Metric.DIRECTIONAL_ACCURACY)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void mace_halfCoveredAtEveryLevel_isMeanDistanceOfLinspaceFromHalf() {
    TargetMetricSums s = new TargetMetricSums(UNIT);
    for (int i = 0; i < 10; i++) {
      s.add(0, 0, 0, 1); // z = 0: inside every interval
      s.add(0, 100, 0, 1); // z = 100: outside every interval
    }
    // levels p_i = 0.01 + 0.98 i / 99; mean |0.5 − p_i| = 0.02 · 0.98 · 1250 / 99
    assertThat(s.metrics(1, false).get(Metric.MACE)).isCloseTo(24.5 / 99, within(1e-12));
  }

  @Test
  void mace_perfectlyCoveredEverywhere_isOneMinusMeanLevel() {
    TargetMetricSums s = new TargetMetricSums(UNIT);
    s.add(0, 0, 0, 1);
    assertThat(s.metrics(1, false).get(Metric.MACE)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void effectError_isPredictedMinusObservedArmDifferenceOverSd() {
    TargetMetricSums s = new TargetMetricSums(new TargetScale("x", 2.0, 0.1));
    // treated changes: +3, +1 (mean 2); control changes: -1, 0 (mean -0.5): observed effect 2.5
    s.addEffect(0, 3, Arm.TREATED, 1.0, 0.0);
    s.addEffect(0, 1, Arm.TREATED, 1.0, 0.0);
    s.addEffect(1, 0, Arm.CONTROL, 2.0, 0.0);
    s.addEffect(1, 1, Arm.CONTROL, 2.0, 0.0);
    // predicted effect: mean of (1, 1, 2, 2) = 1.5 ; |1.5 − 2.5| / 2 = 0.5
    for (int i = 0; i < 4; i++) {
      s.add(0, 0, 0, 1);
    }
    assertThat(s.metrics(2, true).get(Metric.EFFECT_ERROR)).isCloseTo(0.5, within(1e-12));
    assertThat(s.metrics(2, false).get(Metric.EFFECT_ERROR)).isNull();
    assertThat(s.metrics(3, true).get(Metric.EFFECT_ERROR)).isNull();
  }

  @Test
  void belowK_everyMetricIsNull() {
    TargetMetricSums s = new TargetMetricSums(UNIT);
    for (int i = 0; i < 9; i++) {
      s.add(0, i, 1, 1);
    }
    assertThat(s.metrics(10, false).values()).containsOnlyNulls();
    assertThat(s.metrics(9, false).get(Metric.MAE)).isNotNull();
  }

  @Test
  void missingBaselineOrFollowUp_isSkippedNotImputed() {
    TargetMetricSums s = new TargetMetricSums(UNIT);
    assertThat(s.add(Double.NaN, 1, 0, 1)).isFalse();
    assertThat(s.add(0, Double.NaN, 0, 1)).isFalse();
    assertThat(s.count()).isZero();
  }
}
