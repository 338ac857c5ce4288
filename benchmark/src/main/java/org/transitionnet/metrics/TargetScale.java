package org.transitionnet.metrics;

/**
 * What the metrics of one target need from training: the training standard deviation {@code s_j} of
 * the follow-up value (on the transformed scale) and the direction tolerance in units of it. Every
 * site of a federation must use the same scale for the sums to add up.
 *
 * @param target the target variable's name
 * @param trainingSd {@code s_j}, positive
 * @param directionTolerance {@code tolerance_j}; {@code τ_j = tolerance_j · s_j}
 */
public record TargetScale(String target, double trainingSd, double directionTolerance) {

  /** The default direction tolerance of the mapping format. */
  public static final double DEFAULT_TOLERANCE = 0.1;

  public TargetScale {
    if (!(trainingSd > 0) || !Double.isFinite(trainingSd)) {
      throw new IllegalArgumentException(
          "target " + target + ": training SD must be positive, was " + trainingSd);
    }
    if (!(directionTolerance >= 0)) {
      throw new IllegalArgumentException(
          "target " + target + ": direction tolerance must be >= 0, was " + directionTolerance);
    }
  }

  /** {@code τ_j}, the change below which a move counts as flat. */
  public double tau() {
    return directionTolerance * trainingSd;
  }
}
