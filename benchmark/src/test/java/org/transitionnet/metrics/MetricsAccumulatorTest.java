package org.transitionnet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsAccumulatorTest {

  private static final List<TargetScale> SCALES =
      List.of(new TargetScale("a", 1.5, 0.1), new TargetScale("b", 0.5, 0.2));

  @Test
  void mergedSiteSums_giveExactlyThePooledMetrics() {
    Random rnd = new Random(1);
    MetricsAccumulator pooled = new MetricsAccumulator(SCALES, true);
    MetricsAccumulator site1 = new MetricsAccumulator(SCALES, true);
    MetricsAccumulator site2 = new MetricsAccumulator(SCALES, true);
    for (int i = 0; i < 57; i++) {
      double[] y0 = {rnd.nextGaussian(), rnd.nextGaussian()};
      double[] y1 = {rnd.nextGaussian(), i % 7 == 0 ? Double.NaN : rnd.nextGaussian()};
      double[] mean = {rnd.nextGaussian(), rnd.nextGaussian()};
      double[] sd = {0.5 + rnd.nextDouble(), 0.5 + rnd.nextDouble()};
      Arm arm = i % 2 == 0 ? Arm.TREATED : Arm.CONTROL;
      double[] mt = {rnd.nextGaussian(), rnd.nextGaussian()};
      double[] mc = {rnd.nextGaussian(), rnd.nextGaussian()};
      MetricsAccumulator site = i < 20 ? site1 : site2;
      for (MetricsAccumulator acc : List.of(pooled, site)) {
        acc.add(y0, y1, mean, sd);
        acc.addEffect(y0, y1, arm, mt, mc);
      }
    }
    MetricsReport direct = pooled.report(10);
    MetricsReport merged = site1.copy().merge(site2).report(10);
    direct
        .perTarget()
        .forEach(
            (t, values) ->
                values.forEach(
                    (k, v) ->
                        assertThat(merged.perTarget().get(t).get(k)).isCloseTo(v, within(1e-12))));
    double[] summed = site1.toVector();
    double[] other = site2.toVector();
    for (int i = 0; i < summed.length; i++) {
      summed[i] += other[i];
    }
    assertThat(MetricsAccumulator.fromVector(SCALES, true, summed).report(10).macro())
        .isEqualTo(merged.macro());
  }

  @Test
  void macro_isMeanOverTargets_andNullWhenATargetIsBelowK() {
    MetricsAccumulator acc = new MetricsAccumulator(SCALES, false);
    for (int i = 0; i < 10; i++) {
      acc.add(
          new double[] {0, 0},
          new double[] {1, i < 5 ? 2 : Double.NaN},
          new double[] {0, 0},
          new double[] {1, 1});
    }
    MetricsReport r = acc.report(5);
    assertThat(r.perTarget().get("a").get("mae")).isEqualTo(1.0);
    assertThat(r.perTarget().get("b").get("mae")).isEqualTo(2.0);
    assertThat(r.macro().get("mae")).isEqualTo(1.5);
    assertThat(r.macro().get("effect_error")).isNull();
    assertThat(acc.report(6).macro().get("mae")).isNull();
    assertThat(acc.report(6).perTarget().get("a").get("mae")).isEqualTo(1.0);
    assertThat(r.macro().keySet()).containsExactlyElementsOf(Metric.keys());
  }
}
