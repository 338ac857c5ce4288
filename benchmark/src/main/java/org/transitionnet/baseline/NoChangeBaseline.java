package org.transitionnet.baseline;

import java.util.List;
import org.transitionnet.features.Example;
import org.transitionnet.model.Prediction;
import org.transitionnet.model.TransitionPredictor;

/** {@code no-change}: {@code μ = y0}; {@code σ} = training residual SD (RMS of {@code y1 − y0}). */
public final class NoChangeBaseline implements TransitionPredictor {

  public static final String NAME = "no-change";

  private final double[] sd;
  private final double[] fallback;

  private NoChangeBaseline(double[] sd, double[] fallback) {
    this.sd = sd;
    this.fallback = fallback;
  }

  public static NoChangeBaseline fit(List<Example> train, int targets) {
    return new NoChangeBaseline(
        Residuals.rms(train, targets, (e, j) -> e.baseline()[j]),
        Residuals.followUpMeans(train, targets));
  }

  @Override
  public List<Prediction> predict(List<Example> examples) {
    return examples.stream()
        .map(
            e -> {
              double[] mean = e.baseline().clone();
              for (int j = 0; j < mean.length; j++) {
                if (Double.isNaN(mean[j])) {
                  mean[j] = fallback[j];
                }
              }
              return new Prediction(mean, sd.clone());
            })
        .toList();
  }
}
