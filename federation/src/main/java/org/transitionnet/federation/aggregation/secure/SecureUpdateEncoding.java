package org.transitionnet.federation.aggregation.secure;

import org.transitionnet.federation.aggregation.WeightedMean;
import org.transitionnet.security.secagg.FixedPoint;

/**
 * How a site's update enters the masked sum, so that the coordinator can form the sample-weighted
 * mean from the sum alone.
 *
 * <p>A site with {@code n} samples and update {@code delta} (local minus global) masks the vector
 * {@code [w·delta_0, …, w·delta_{P-1}, w, w·loss/LOSS_UNIT]} with {@code w = min(n, weightCap) /
 * weightCap}. The sum therefore holds {@code Σ w_i·delta_i} and {@code Σ w_i}; their quotient is
 * the FedAvg mean. Each coordinate is clamped to {@code ±bound} and quantized with security's
 * {@link FixedPoint} for at most {@code maxSites} sites, so the int32 sum never wraps.
 *
 * <p>Consequences (documented in docs/protocol.md): update coordinates beyond {@code ±bound} are
 * clipped; a site with more than {@code weightCap} samples weighs as {@code weightCap}; the
 * resolution of the mean is about {@code 1 / (scale · Σ w_i)}.
 *
 * @param bound largest magnitude of an update coordinate
 * @param weightCap sample count at which a site's weight saturates
 * @param maxSites most sites whose inputs are summed
 */
public record SecureUpdateEncoding(double bound, long weightCap, int maxSites) {

  /** Divides the loss before masking, so losses up to {@code bound · LOSS_UNIT} survive. */
  public static final double LOSS_UNIT = 64;

  /** Coordinates clamped at ±4, weights saturating at 10 000 samples, up to 128 sites. */
  public static final SecureUpdateEncoding STANDARD = new SecureUpdateEncoding(4.0, 10_000, 128);

  public SecureUpdateEncoding {
    if (!(bound > 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("bound must be positive and finite: " + bound);
    }
    if (weightCap < 1 || maxSites < 1) {
      throw new IllegalArgumentException("weightCap and maxSites must be positive");
    }
  }

  /** The fixed-point code both roles use. */
  public FixedPoint fixedPoint() {
    return new FixedPoint(bound, maxSites);
  }

  /** Length of the masked vector for a model of {@code parameterCount} values. */
  public static int vectorLength(int parameterCount) {
    return parameterCount + 2;
  }

  /** A site's weight in (0, 1]. */
  public double weight(long sampleCount) {
    return Math.min(Math.max(sampleCount, 1), weightCap) / (double) weightCap;
  }

  /** The quantized vector a site masks. */
  public int[] encode(double[] delta, long sampleCount, double loss) {
    double w = weight(sampleCount);
    double[] weighted = new double[vectorLength(delta.length)];
    for (int i = 0; i < delta.length; i++) {
      weighted[i] = w * delta[i];
    }
    weighted[delta.length] = w;
    weighted[delta.length + 1] = Double.isFinite(loss) ? w * loss / LOSS_UNIT : 0;
    return fixedPoint().encode(weighted);
  }

  /**
   * The weighted mean from the unmasked sum of {@code contributors} inputs.
   *
   * @return the mean update, the estimated total sample count and the contributors
   */
  public Decoded decode(int[] sum, int contributors) {
    double[] values = fixedPoint().decodeSum(sum);
    int p = values.length - 2;
    double totalWeight = values[p];
    double[] mean = new double[p];
    if (totalWeight > 0) {
      for (int i = 0; i < p; i++) {
        mean[i] = values[i] / totalWeight;
      }
    }
    long samples = Math.round(totalWeight * weightCap);
    double loss = totalWeight > 0 ? values[p + 1] * LOSS_UNIT / totalWeight : 0;
    return new Decoded(new WeightedMean(mean, samples, contributors), loss);
  }

  /** The decoded aggregate: the weighted mean and the weighted mean training loss. */
  public record Decoded(WeightedMean mean, double loss) {}
}
