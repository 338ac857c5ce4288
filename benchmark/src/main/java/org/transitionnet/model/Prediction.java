package org.transitionnet.model;

import java.util.Objects;

/**
 * A predictive Gaussian per target for one record, on the transformed scale of each target.
 *
 * @param mean {@code μ} per target
 * @param sd {@code σ} per target, positive
 */
public record Prediction(double[] mean, double[] sd) {

  public Prediction {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(sd, "sd");
    if (mean.length != sd.length) {
      throw new IllegalArgumentException("one mean and one sd per target");
    }
  }
}
