package org.transitionnet.federation.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.transitionnet.metrics.Arm;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.metrics.TargetMetricSums;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.security.dp.PrivacyLedger;

/** The Gaussian evaluation release: bounded contributions, calibrated noise, free clean-up. */
class EvaluationPrivacyTest {

  private static final List<TargetScale> SCALES =
      List.of(new TargetScale("bili", 1.5, 0.1), new TargetScale("albumin", 0.4, 0.1));
  private static final EvaluationPrivacy RELEASE = EvaluationPrivacy.gaussian(1.0, 1e-5, 3);

  @Test
  void oneRecord_movesTheNormalizedSumsByAtMostTheSensitivity() {
    Random random = new Random(7);
    for (boolean randomized : new boolean[] {false, true}) {
      for (int trial = 0; trial < 200; trial++) {
        MetricsAccumulator without = records(random, 30, randomized);
        MetricsAccumulator with = without.copy().boundContributions(3);
        addRecord(with, random, randomized, trial % 2 == 0 ? 1e3 : 1); // outliers included
        double squared = 0;
        for (int j = 0; j < SCALES.size(); j++) {
          double[] a = normalized(without.targetSums().get(j));
          double[] b = normalized(with.targetSums().get(j));
          for (int i = 0; i < a.length; i++) {
            squared += (a[i] - b[i]) * (a[i] - b[i]);
          }
        }
        assertThat(Math.sqrt(squared))
            .isLessThanOrEqualTo(EvaluationPrivacy.sensitivity(SCALES.size(), randomized) + 1e-9);
      }
    }
  }

  @Test
  void noise_hasTheCalibratedSpreadOnEverySum() {
    MetricsAccumulator exact = records(new Random(1), 5000, false);
    double sigma = RELEASE.noiseMultiplier();
    double expectedSd = sigma * EvaluationPrivacy.sensitivity(SCALES.size(), false);
    Random random = new Random(2);
    int draws = 3000;
    double sum = 0;
    double sumSq = 0;
    double sumAbs = 0;
    double sumAbsSq = 0;
    for (int d = 0; d < draws; d++) {
      TargetMetricSums t = RELEASE.privatize(exact, random).targetSums().get(0);
      double n = t.toVector()[0] - exact.targetSums().get(0).count();
      sum += n;
      sumSq += n * n;
      double abs = t.toVector()[1] - exact.targetSums().get(0).toVector()[1];
      sumAbs += abs;
      sumAbsSq += abs * abs;
    }
    double sdN = Math.sqrt(sumSq / draws - Math.pow(sum / draws, 2));
    double sdAbs = Math.sqrt(sumAbsSq / draws - Math.pow(sumAbs / draws, 2));
    assertThat(sdN).isCloseTo(expectedSd, within(expectedSd * 0.08));
    // the error sum's own bound is 3 training sds = 4.5
    assertThat(sdAbs).isCloseTo(expectedSd * 4.5, within(expectedSd * 4.5 * 0.08));
    assertThat(Math.abs(sum / draws)).isLessThan(expectedSd * 0.2); // unbiased
  }

  @Test
  void theChargeIsWithinTheReleaseEpsilon() {
    PrivacyLedger ledger = new PrivacyLedger();
    ledger.charge(RELEASE.charge("evaluation e1"));
    double epsilon = ledger.spent(PrivacyLedger.Level.RECORD, 1e-5).epsilon();
    assertThat(epsilon).isLessThanOrEqualTo(1.0 + 1e-9).isGreaterThan(0.95);
  }

  @Test
  void smallNoisyCells_stayConsistent_countsWithinTheirNAndCalibrationNonDecreasing() {
    MetricsAccumulator exact = records(new Random(3), 4, true);
    Random random = new Random(4);
    for (int d = 0; d < 500; d++) {
      for (TargetMetricSums t : RELEASE.privatize(exact, random).targetSums()) {
        double[] v = t.toVector();
        assertThat(v[0]).isGreaterThanOrEqualTo(0);
        for (int i : new int[] {3, 4, 5}) {
          assertThat(v[i]).isBetween(0.0, v[0]);
        }
        assertThat(v[11] + 0).isBetween(0.0, v[9]);
        for (int i = v.length - TargetMetricSums.CALIBRATION_LEVELS + 1; i < v.length; i++) {
          assertThat(v[i]).isGreaterThanOrEqualTo(v[i - 1]).isLessThanOrEqualTo(v[0]);
        }
      }
    }
  }

  @Test
  void unboundedSums_areRefused() {
    MetricsAccumulator unbounded = new MetricsAccumulator(SCALES, false);
    unbounded.add(
        new double[] {1, 1}, new double[] {2, 2}, new double[] {1, 1}, new double[] {1, 1});
    assertThatThrownBy(() -> RELEASE.privatize(unbounded, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bounded to 0.0 sds");
    assertThatThrownBy(() -> EvaluationPrivacy.exact().privatize(unbounded, new Random(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void boundedContributions_clipErrorsAtTheBound() {
    TargetMetricSums sums = new TargetMetricSums(SCALES.get(0)).boundContributions(3);
    sums.add(0, 1000, 0, 1); // error 1000, bound 4.5
    double[] v = sums.toVector();
    assertThat(v[1]).isEqualTo(4.5);
    assertThat(v[2]).isCloseTo(4.5 * 4.5, within(1e-12));
    assertThat(Math.abs(v[6])).isLessThanOrEqualTo(9.0);
    assertThat(v[7]).isLessThanOrEqualTo(3.0);
    assertThat(v[8]).isEqualTo(4.5);
  }

  /** Each sum divided by its own per-record bound, the calibration counts as a histogram. */
  private static double[] normalized(TargetMetricSums t) {
    double[] v = t.toVector();
    double[] bounds = EvaluationPrivacy.scalarBounds(3, t.scale().trainingSd());
    double[] out = new double[v.length];
    for (int i = 0; i < bounds.length; i++) {
      out[i] = v[i] / bounds[i];
    }
    double previous = 0;
    for (int i = bounds.length; i < v.length; i++) {
      out[i] = v[i] - previous;
      previous = v[i];
    }
    return out;
  }

  private static MetricsAccumulator records(Random random, int n, boolean randomized) {
    MetricsAccumulator acc = new MetricsAccumulator(SCALES, randomized).boundContributions(3);
    for (int i = 0; i < n; i++) {
      addRecord(acc, random, randomized, 1);
    }
    return acc;
  }

  private static void addRecord(
      MetricsAccumulator acc, Random random, boolean randomized, double spread) {
    double[] y0 = new double[SCALES.size()];
    double[] y1 = new double[SCALES.size()];
    double[] mean = new double[SCALES.size()];
    double[] sd = new double[SCALES.size()];
    for (int j = 0; j < SCALES.size(); j++) {
      y0[j] = random.nextGaussian() * spread;
      y1[j] = y0[j] + random.nextGaussian() * spread;
      mean[j] = y0[j] + random.nextGaussian() * spread;
      sd[j] = 0.01 + random.nextDouble() * spread;
    }
    acc.add(y0, y1, mean, sd);
    if (randomized) {
      acc.addEffect(
          y0, y1, random.nextBoolean() ? Arm.TREATED : Arm.CONTROL, mean.clone(), y0.clone());
    }
  }
}
