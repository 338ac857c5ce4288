package org.transitionnet.security.dp;

import java.util.List;
import java.util.Random;

/**
 * Record-level differential privacy inside local training (Abadi et al. 2016): clip each example's
 * gradient to L2 norm C, sum, add Gaussian noise N(0, σ²C²) per coordinate. The caller (the model)
 * computes the per-example gradients and divides the result by its expected batch size. Charge each
 * step to the site's {@link PrivacyLedger} with the batch's sampling rate.
 */
public final class DpSgd {

  private DpSgd() {}

  /**
   * The noisy sum of clipped per-example gradients.
   *
   * @param perExampleGradients one gradient per example of the batch, all the same length
   * @param clipNorm C, the L2 bound of each example's contribution
   * @param noiseMultiplier σ; the noise's standard deviation is σC
   * @param random the noise source: {@link NoiseSource#secure()} in production
   */
  public static double[] privatize(
      List<double[]> perExampleGradients, double clipNorm, double noiseMultiplier, Random random) {
    if (perExampleGradients.isEmpty()) {
      throw new IllegalArgumentException("no gradients");
    }
    requirePositive(clipNorm, "clip norm");
    if (!(noiseMultiplier >= 0)) {
      throw new IllegalArgumentException("noise multiplier must be >= 0: " + noiseMultiplier);
    }
    int length = perExampleGradients.get(0).length;
    double[] sum = new double[length];
    for (double[] gradient : perExampleGradients) {
      if (gradient.length != length) {
        throw new IllegalArgumentException("gradients of different lengths");
      }
      double factor = clipFactor(gradient, clipNorm);
      for (int i = 0; i < length; i++) {
        sum[i] += gradient[i] * factor;
      }
    }
    double std = noiseMultiplier * clipNorm;
    for (int i = 0; i < length; i++) {
      sum[i] += std * random.nextGaussian();
    }
    return sum;
  }

  /** min(1, C / ||g||₂): the factor that clips g to norm C (0-norm vectors stay as they are). */
  static double clipFactor(double[] vector, double clipNorm) {
    double squared = 0;
    for (double v : vector) {
      squared += v * v;
    }
    double norm = Math.sqrt(squared);
    if (Double.isNaN(norm)) {
      throw new IllegalArgumentException("NaN in vector");
    }
    return norm > clipNorm ? clipNorm / norm : 1.0;
  }

  static void requirePositive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite: " + value);
    }
  }
}
