package org.transitionnet.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.features.Example;
import org.transitionnet.model.Prediction;

class BaselinesTest {

  private static Example ex(String action, double x, double y0, double y1) {
    return new Example(new double[] {x}, new double[] {y0}, new double[] {y1}, action, "s", "a");
  }

  private static final List<Example> TRAIN =
      List.of(
          ex("drug", 0, 1, 4), ex("drug", 0, 2, 4), // changes +3, +2
          ex("placebo", 0, 1, 1), ex("placebo", 0, 3, 2)); // changes 0, -1

  @Test
  void noChange_predictsBaselineWithRmsChangeAsSd() {
    Prediction p = NoChangeBaseline.fit(TRAIN, 1).predict(List.of(ex("drug", 0, 5, 0))).get(0);
    assertThat(p.mean()[0]).isEqualTo(5.0);
    // residuals 3, 2, 0, -1: sqrt(14/4)
    assertThat(p.sd()[0]).isCloseTo(Math.sqrt(14.0 / 4), within(1e-12));
  }

  @Test
  void meanChange_addsTheActionsMeanTrainingChange() {
    MeanChangeBaseline b = MeanChangeBaseline.fit(TRAIN, 1);
    List<Prediction> p =
        b.predict(List.of(ex("drug", 0, 5, 0), ex("placebo", 0, 5, 0), ex("other", 0, 5, 0)));
    assertThat(p.get(0).mean()[0]).isCloseTo(7.5, within(1e-12));
    assertThat(p.get(1).mean()[0]).isCloseTo(4.5, within(1e-12));
    assertThat(p.get(2).mean()[0]).isCloseTo(6.0, within(1e-12)); // overall mean change +1
    // residuals +0.5, -0.5, +0.5, -0.5 -> sd 0.5
    assertThat(p.get(0).sd()[0]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void linear_recoversAnExactLinearRelationWithTinyPenalty() {
    List<Example> train =
        List.of(ex("a", 0, 0, 1), ex("a", 1, 0, 3), ex("a", 2, 0, 5), ex("a", 3, 0, 7.1));
    LinearBaseline b = LinearBaseline.fit(train, 1, 1e-9);
    Prediction p = b.predict(List.of(ex("a", 10, 0, 0))).get(0);
    // least squares on (0,1),(1,3),(2,5),(3,7.1): slope 10.15/5 = 2.03, intercept 4.025 − 1.5·2.03
    // = 0.98
    assertThat(p.mean()[0]).isCloseTo(0.98 + 2.03 * 10, within(1e-6));
    assertThat(p.sd()[0]).isGreaterThan(0);
  }

  @Test
  void missingFollowUp_isLeftOutOfTheFit() {
    List<Example> train = List.of(ex("drug", 0, 1, 4), ex("drug", 0, 1, Double.NaN));
    Prediction p = MeanChangeBaseline.fit(train, 1).predict(List.of(ex("drug", 0, 0, 0))).get(0);
    assertThat(p.mean()[0]).isEqualTo(3.0);
  }
}
