package org.transitionnet.federation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.metrics.Arm;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.proto.v1.EvaluationResult;
import org.transitionnet.proto.v1.TargetStatistics;

class SufficientStatisticsTest {

  private static final List<TargetScale> SCALES =
      List.of(new TargetScale("bili", 1.5, 0.1), new TargetScale("albumin", 0.4, 0.1));

  private static MetricsAccumulator sums(int records, boolean randomized) {
    MetricsAccumulator acc = new MetricsAccumulator(SCALES, randomized);
    for (int i = 0; i < records; i++) {
      double[] y0 = {i * 0.1, 3 - i * 0.01};
      double[] y1 = {i * 0.12, 3 - i * 0.02};
      acc.add(y0, y1, new double[] {i * 0.11, 3 - i * 0.015}, new double[] {0.5, 0.2});
      acc.addEffect(
          y0,
          y1,
          i % 2 == 0 ? Arm.TREATED : Arm.CONTROL,
          new double[] {0.2, 0},
          new double[] {0, 0});
    }
    return acc;
  }

  @Test
  void resultRoundTrip_givesTheSameMetrics() throws Exception {
    MetricsAccumulator site = sums(40, true);
    EvaluationResult wire = SufficientStatistics.toResult("e1", "site-a", site, 10);

    MetricsAccumulator back = SufficientStatistics.toSums(wire, SCALES, true);

    assertThat(back.report(10)).isEqualTo(site.report(10));
    assertThat(wire.getSuppressed()).isFalse();
  }

  @Test
  void cellBelowMinCount_carriesNoCountAndNoSums() throws Exception {
    EvaluationResult wire = SufficientStatistics.toResult("e1", "site-a", sums(9, false), 10);

    assertThat(wire.getSuppressed()).isTrue();
    assertThat(wire.getTargetsList())
        .extracting(TargetStatistics::getTarget)
        .containsExactly("bili", "albumin");
    assertThat(wire.getTargetsList())
        .allSatisfy(
            t -> {
              assertThat(t.getN()).isZero();
              assertThat(t.getSumsMap()).isEmpty();
            });
    assertThat(SufficientStatistics.toSums(wire, SCALES, false).report(10).macro().get("mae"))
        .isNull();
  }

  @Test
  void armBelowMinCount_leavesEffectSumsOut() {
    // 15 records: 8 treated, 7 control
    EvaluationResult wire = SufficientStatistics.toResult("e1", "site-a", sums(15, true), 8);

    assertThat(wire.getTargets(0).getN()).isEqualTo(15);
    assertThat(wire.getTargets(0).getSumsMap())
        .containsKey("abs_error")
        .doesNotContainKeys("treated_n", "control_n", "predicted_effect");
  }

  @Test
  void messageShape_doesNotGrowWithTheTestSet() {
    EvaluationResult small = SufficientStatistics.toResult("e1", "site-a", sums(20, true), 10);
    EvaluationResult large = SufficientStatistics.toResult("e1", "site-a", sums(2000, true), 10);

    assertThat(large.getTargetsCount()).isEqualTo(small.getTargetsCount()).isEqualTo(2);
    assertThat(large.getTargets(0).getSumsCount())
        .isEqualTo(small.getTargets(0).getSumsCount())
        .isEqualTo(SufficientStatistics.SUM_KEYS.size());
    // only the varint of n may grow by a byte per target
    assertThat(Math.abs(large.getSerializedSize() - small.getSerializedSize()))
        .isLessThanOrEqualTo(4);
  }

  @Test
  void unknownTarget_isRefusedNamingSiteAndTarget() {
    EvaluationResult wire =
        EvaluationResult.newBuilder()
            .setSiteId("site-b")
            .addTargets(TargetStatistics.newBuilder().setTarget("platelet").setN(12))
            .build();

    assertThatThrownBy(() -> SufficientStatistics.toSums(wire, SCALES, false))
        .isInstanceOf(MalformedEvaluationException.class)
        .hasMessageContaining("site-b")
        .hasMessageContaining("platelet");
  }

  @Test
  void nonFiniteSum_isRefused() {
    EvaluationResult wire =
        EvaluationResult.newBuilder()
            .setSiteId("site-b")
            .addTargets(
                TargetStatistics.newBuilder()
                    .setTarget("bili")
                    .setN(12)
                    .putSums("abs_error", Double.NaN))
            .build();

    assertThatThrownBy(() -> SufficientStatistics.toSums(wire, SCALES, false))
        .isInstanceOf(MalformedEvaluationException.class)
        .hasMessageContaining("abs_error");
  }
}
