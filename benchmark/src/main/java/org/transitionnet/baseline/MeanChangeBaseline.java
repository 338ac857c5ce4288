package org.transitionnet.baseline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.features.Example;
import org.transitionnet.model.Prediction;
import org.transitionnet.model.TransitionPredictor;

/**
 * {@code mean-change}: {@code μ = y0 +} the mean training change of the record's action, per target
 * (the mean over all actions for an action not seen in training); {@code σ} = training residual SD.
 */
public final class MeanChangeBaseline implements TransitionPredictor {

  public static final String NAME = "mean-change";

  private final Map<String, double[]> changeByAction;
  private final double[] overallChange;
  private final double[] sd;
  private final double[] fallback;

  private MeanChangeBaseline(
      Map<String, double[]> changeByAction,
      double[] overallChange,
      double[] fallback,
      double[] sd) {
    this.changeByAction = changeByAction;
    this.overallChange = overallChange;
    this.fallback = fallback;
    this.sd = sd;
  }

  public static MeanChangeBaseline fit(List<Example> train, int targets) {
    Map<String, double[]> sums = new HashMap<>();
    Map<String, long[]> counts = new HashMap<>();
    double[] all = new double[targets];
    long[] allN = new long[targets];
    for (Example e : train) {
      double[] s = sums.computeIfAbsent(e.action(), a -> new double[targets]);
      long[] c = counts.computeIfAbsent(e.action(), a -> new long[targets]);
      for (int j = 0; j < targets; j++) {
        if (e.observed(j)) {
          double d = e.followUp()[j] - e.baseline()[j];
          s[j] += d;
          c[j]++;
          all[j] += d;
          allN[j]++;
        }
      }
    }
    double[] overall = new double[targets];
    for (int j = 0; j < targets; j++) {
      overall[j] = allN[j] > 0 ? all[j] / allN[j] : 0;
    }
    Map<String, double[]> means = new HashMap<>();
    sums.forEach(
        (action, s) -> {
          long[] c = counts.get(action);
          double[] m = new double[targets];
          for (int j = 0; j < targets; j++) {
            m[j] = c[j] > 0 ? s[j] / c[j] : overall[j];
          }
          means.put(action, m);
        });
    double[] fallback = Residuals.followUpMeans(train, targets);
    MeanChangeBaseline unscaled =
        new MeanChangeBaseline(means, overall, fallback, new double[targets]);
    double[] sd =
        Residuals.rms(train, targets, (e, j) -> e.baseline()[j] + unscaled.change(e.action())[j]);
    return new MeanChangeBaseline(means, overall, fallback, sd);
  }

  private double[] change(String action) {
    return changeByAction.getOrDefault(action, overallChange);
  }

  @Override
  public List<Prediction> predict(List<Example> examples) {
    return examples.stream()
        .map(
            e -> {
              double[] c = change(e.action());
              double[] mean = new double[c.length];
              for (int j = 0; j < c.length; j++) {
                mean[j] = Double.isNaN(e.baseline()[j]) ? fallback[j] : e.baseline()[j] + c[j];
              }
              return new Prediction(mean, sd.clone());
            })
        .toList();
  }
}
