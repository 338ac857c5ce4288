package org.transitionnet.features;

import java.util.Objects;

/**
 * One encoded transition: the model's input vector and each target's baseline and follow-up value
 * on the transformed (not standardized) scale, NaN where missing. A target enters the loss and the
 * metrics only when both values are present.
 *
 * @param inputs the encoded inputs (see {@link FeatureEncoder#inputNames()})
 * @param baseline {@code y0} per target
 * @param followUp {@code y1} per target
 * @param action the record's action label
 * @param subject the subject id (stays on the site)
 * @param site the record's site
 */
public record Example(
    double[] inputs,
    double[] baseline,
    double[] followUp,
    String action,
    String subject,
    String site) {

  public Example {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(followUp, "followUp");
    if (baseline.length != followUp.length) {
      throw new IllegalArgumentException("baseline and follow-up need one value per target");
    }
  }

  /** Whether target {@code j} is observed at both times (and so counts in loss and metrics). */
  public boolean observed(int j) {
    return !Double.isNaN(baseline[j]) && !Double.isNaN(followUp[j]);
  }
}
