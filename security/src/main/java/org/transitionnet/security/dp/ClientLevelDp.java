package org.transitionnet.security.dp;

import java.util.Random;

/**
 * Client-level differential privacy for consortia with many sites (McMahan et al. 2018): each site
 * clips its model update to L2 norm C and, under secure aggregation, adds its share of the noise,
 * N(0, σ²C²/n) per coordinate, so the sum of n sites carries N(0, σ²C²), the noise the Gaussian
 * mechanism on the sum needs, while no single party ever adds (or sees) all of it. If fewer than n
 * sites survive, the sum carries less noise: size n as the minimum number of survivors (the secure
 * aggregation threshold), not the number invited.
 */
public final class ClientLevelDp {

  private ClientLevelDp() {}

  /** A copy of {@code update} scaled to L2 norm at most C. */
  public static double[] clip(double[] update, double clipNorm) {
    DpSgd.requirePositive(clipNorm, "clip norm");
    double factor = DpSgd.clipFactor(update, clipNorm);
    double[] clipped = new double[update.length];
    for (int i = 0; i < update.length; i++) {
      clipped[i] = update[i] * factor;
    }
    return clipped;
  }

  /**
   * Clips and adds this site's share of distributed Gaussian noise.
   *
   * @param sites n, the number of sites whose noise shares will be summed (at least the aggregation
   *     threshold)
   */
  public static double[] clipAndNoise(
      double[] update, double clipNorm, double noiseMultiplier, int sites, Random random) {
    if (sites < 1) {
      throw new IllegalArgumentException("sites must be positive: " + sites);
    }
    double[] out = clip(update, clipNorm);
    double std = noiseMultiplier * clipNorm / Math.sqrt(sites);
    for (int i = 0; i < out.length; i++) {
      out[i] += std * random.nextGaussian();
    }
    return out;
  }
}
