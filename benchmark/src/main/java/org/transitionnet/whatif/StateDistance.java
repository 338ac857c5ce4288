package org.transitionnet.whatif;

/**
 * How far a state lies from the training data (see {@link InputReference}).
 *
 * @param squaredMahalanobis {@code D²} of the standardized numeric inputs
 * @param threshold the largest accepted {@code D²}
 * @param rule how the threshold was found
 * @param maxAbsZ the largest {@code |z|} of an observed input
 * @param maxAbsZInput the input with that {@code |z|} (empty when none is observed)
 * @param zLimit the largest accepted {@code |z|}
 */
public record StateDistance(
    double squaredMahalanobis,
    double threshold,
    String rule,
    double maxAbsZ,
    String maxAbsZInput,
    double zLimit) {}
