package org.transitionnet.benchmark;

import java.util.List;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.Prediction;
import org.transitionnet.model.TransitionPredictor;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.Task;

/**
 * Evaluates a predictor on a set of test records into additive metric sums — what a site computes
 * and sends (never per-record predictions). For a two-arm randomized task every record is also
 * predicted under the treated and the control action, for {@code effect_error}.
 */
public final class Evaluation {

  private Evaluation() {}

  public static MetricsAccumulator evaluate(
      TransitionPredictor predictor, FeatureEncoder encoder, List<TransitionRecord> test) {
    return evaluate(predictor, encoder, test, 0);
  }

  /**
   * As {@link #evaluate(TransitionPredictor, FeatureEncoder, List)}, each record's contribution
   * bounded to {@code clipSds} training sds ({@link MetricsAccumulator#boundContributions}; 0 =
   * unbounded) — what a differentially private release of the sums needs.
   */
  public static MetricsAccumulator evaluate(
      TransitionPredictor predictor,
      FeatureEncoder encoder,
      List<TransitionRecord> test,
      double clipSds) {
    Task task = encoder.task();
    MetricsAccumulator acc =
        new MetricsAccumulator(encoder.targetScales(), task.comparesArms())
            .boundContributions(clipSds);
    if (test.isEmpty()) {
      return acc;
    }
    List<Example> examples = encoder.encodeAll(test);
    List<Prediction> predictions = predictor.predict(examples);
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      Prediction p = predictions.get(i);
      acc.add(e.baseline(), e.followUp(), p.mean(), p.sd());
    }
    if (task.comparesArms()) {
      List<Prediction> treated =
          predictor.predict(
              test.stream().map(r -> encoder.encode(r, task.treatedAction())).toList());
      List<Prediction> control =
          predictor.predict(
              test.stream().map(r -> encoder.encode(r, task.controlAction())).toList());
      for (int i = 0; i < examples.size(); i++) {
        Example e = examples.get(i);
        acc.addEffect(
            e.baseline(),
            e.followUp(),
            task.arm(test.get(i)),
            treated.get(i).mean(),
            control.get(i).mean());
      }
    }
    return acc;
  }
}
