package org.transitionnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.Task;
import org.transitionnet.testing.SyntheticTrial;

class TransitionModelTest {

  private static final List<TransitionRecord> RECORDS = SyntheticTrial.records(120, 3, 7);
  private static final Task TASK = SyntheticTrial.task(RECORDS);
  private static final FeatureEncoder ENCODER =
      new FeatureEncoder(TASK, FeatureStatistics.of(TASK, RECORDS));
  private static final List<Example> EXAMPLES = ENCODER.encodeAll(RECORDS);
  private static final ModelConfig SMALL = ModelConfig.defaults().withHiddenLayers(List.of(8));

  @Test
  void parameters_areOneFlatVectorThatRoundTrips() {
    TransitionModel model = TransitionModel.create(ENCODER, SMALL);
    int in = ENCODER.inputCount();
    assertThat(model.parameterCount()).isEqualTo(in * 8 + 8 + 8 * 4 + 4);
    double[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = i * 1e-3;
    }
    model.setParameters(p);
    assertThat(model.parameters()).containsExactly(p);
  }

  @Test
  void sameSeed_sameWeightsAfterTraining_otherSeedDiffers() {
    TransitionModel a = TransitionModel.create(ENCODER, SMALL);
    TransitionModel b = TransitionModel.create(ENCODER, SMALL);
    TransitionModel c = TransitionModel.create(ENCODER, SMALL.withSeed(43));
    a.fitExamples(EXAMPLES, 2, TrainingListener.NONE);
    b.fitExamples(EXAMPLES, 2, TrainingListener.NONE);
    c.fitExamples(EXAMPLES, 2, TrainingListener.NONE);
    assertThat(a.parameters()).containsExactly(b.parameters());
    assertThat(a.parameters()).isNotEqualTo(c.parameters());
  }

  @Test
  void gradient_matchesFiniteDifferencesOfTheLoss() {
    TransitionModel model = TransitionModel.create(ENCODER, SMALL);
    List<Example> batch = EXAMPLES.subList(0, 16);
    double[] g = model.gradient(batch);
    double[] w = model.parameters();
    double h = 1e-6;
    for (int i : new int[] {0, 5, w.length / 2, w.length - 5, w.length - 1}) {
      double[] plus = w.clone();
      plus[i] += h;
      model.setParameters(plus);
      double lp = model.loss(batch);
      double[] minus = w.clone();
      minus[i] -= h;
      model.setParameters(minus);
      double lm = model.loss(batch);
      assertThat(g[i]).as("parameter %d", i).isCloseTo((lp - lm) / (2 * h), within(1e-6));
    }
  }

  @Test
  void perExampleGradients_averageToTheBatchGradient() {
    TransitionModel model = TransitionModel.create(ENCODER, SMALL);
    List<Example> batch = EXAMPLES.subList(0, 5);
    double[] g = model.gradient(batch);
    List<double[]> each = model.perExampleGradients(batch);
    for (int i = 0; i < g.length; i += 17) {
      double mean = 0;
      for (double[] e : each) {
        mean += e[i] / each.size();
      }
      assertThat(mean).isCloseTo(g[i], within(1e-12));
    }
  }

  @Test
  void missingFollowUp_addsNothingToLossOrGradient() {
    TransitionModel model = TransitionModel.create(ENCODER, SMALL);
    Example e = EXAMPLES.get(0);
    Example allMissing =
        new Example(
            e.inputs(),
            e.baseline(),
            new double[] {Double.NaN, Double.NaN},
            e.action(),
            e.subject(),
            e.site());
    assertThat(model.loss(List.of(allMissing))).isZero();
    assertThat(model.gradient(List.of(allMissing))).containsOnly(0.0);
  }

  @Test
  void training_learnsTheDrugEffectAndBeatsNoChange() {
    TransitionModel model = TransitionModel.create(ENCODER, ModelConfig.defaults());
    double before = model.loss(EXAMPLES);
    model.fitExamples(EXAMPLES, 30, TrainingListener.NONE);
    assertThat(model.loss(EXAMPLES)).isLessThan(before - 0.5);
    // counterfactual: the same records under drug vs placebo; true effect on score is +2
    List<Example> drug =
        RECORDS.stream().map(r -> ENCODER.encode(r, TASK.treatedAction())).toList();
    List<Example> placebo =
        RECORDS.stream().map(r -> ENCODER.encode(r, TASK.controlAction())).toList();
    List<Prediction> pd = model.predict(drug);
    List<Prediction> pp = model.predict(placebo);
    double effect = 0;
    for (int i = 0; i < pd.size(); i++) {
      effect += (pd.get(i).mean()[1] - pp.get(i).mean()[1]) / pd.size();
    }
    assertThat(effect).isCloseTo(2.0, within(0.4));
  }

  @Test
  void proximalTerm_holdsWeightsNearTheAnchor() {
    TransitionModel free = TransitionModel.create(ENCODER, SMALL);
    TransitionModel held = TransitionModel.create(ENCODER, SMALL);
    double[] anchor = free.parameters();
    held.setProximalTerm(1000, anchor);
    free.fitExamples(EXAMPLES, 3, TrainingListener.NONE);
    held.fitExamples(EXAMPLES, 3, TrainingListener.NONE);
    assertThat(distance(held.parameters(), anchor))
        .isLessThan(distance(free.parameters(), anchor) / 3);
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
