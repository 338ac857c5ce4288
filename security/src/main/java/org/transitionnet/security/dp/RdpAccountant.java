package org.transitionnet.security.dp;

import java.util.Arrays;

/**
 * Rényi differential privacy accountant for the sampled Gaussian mechanism (Mironov, Talwar, Zhang
 * 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"): each step samples every
 * record with probability q and adds Gaussian noise of standard deviation σ times the L2
 * sensitivity. For integer orders α the RDP is computed exactly with the binomial expansion
 *
 * <pre>  A_α = Σ_{i=0..α} C(α,i) q^i (1-q)^(α-i) exp((i² - i) / (2σ²)),   RDP(α) = log(A_α)/(α-1)
 * </pre>
 *
 * (the formula TF-Privacy's and Opacus's {@code compute_rdp} use for integer orders), in log space.
 * Composition over steps adds RDP order by order. Orders are the integers 2..256; fractional orders
 * are not evaluated, which can only make ε slightly larger (safe).
 *
 * <p>Conversion to (ε, δ): {@link Conversion#CLASSIC} is ε = RDP(α) + log(1/δ)/(α-1) (Mironov 2017,
 * Prop. 3), the one behind the published DP-SGD figures; {@link Conversion#IMPROVED} (the default)
 * is Balle et al. 2020 / Canonne, Kamath, Steinke 2020: ε = RDP(α) + log((α-1)/α) - (log δ + log
 * α)/(α-1), never larger than the classic one.
 *
 * <p>Instances accumulate steps and are not thread-safe; the static methods are pure.
 */
public final class RdpAccountant {

  /** Which RDP to (ε, δ) conversion. */
  public enum Conversion {
    CLASSIC,
    IMPROVED
  }

  /** Orders 2..256. */
  public static final int MIN_ORDER = 2;

  public static final int MAX_ORDER = 256;

  private final double[] rdp = new double[MAX_ORDER - MIN_ORDER + 1];

  /** Adds {@code steps} steps of the sampled Gaussian mechanism. */
  public RdpAccountant compose(double samplingRate, double noiseMultiplier, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be non-negative: " + steps);
    }
    for (int alpha = MIN_ORDER; alpha <= MAX_ORDER; alpha++) {
      rdp[alpha - MIN_ORDER] += steps * rdpSampledGaussian(samplingRate, noiseMultiplier, alpha);
    }
    return this;
  }

  /** Adds another accountant's spending (composition). */
  public RdpAccountant compose(RdpAccountant other) {
    for (int i = 0; i < rdp.length; i++) {
      rdp[i] += other.rdp[i];
    }
    return this;
  }

  /** A copy, to try a charge without committing it. */
  public RdpAccountant copy() {
    RdpAccountant copy = new RdpAccountant();
    System.arraycopy(rdp, 0, copy.rdp, 0, rdp.length);
    return copy;
  }

  /** Total RDP at order α (2..256). */
  public double rdp(int alpha) {
    return rdp[alpha - MIN_ORDER];
  }

  /** The tightest (ε, δ) over all orders, improved conversion. */
  public PrivacyGuarantee guarantee(double delta) {
    return guarantee(delta, Conversion.IMPROVED);
  }

  /** The tightest (ε, δ) over all orders with the chosen conversion. */
  public PrivacyGuarantee guarantee(double delta, Conversion conversion) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1): " + delta);
    }
    if (Arrays.stream(rdp).allMatch(r -> r == 0)) {
      return new PrivacyGuarantee(0, delta, Double.NaN);
    }
    double best = Double.POSITIVE_INFINITY;
    int bestOrder = -1;
    for (int alpha = MIN_ORDER; alpha <= MAX_ORDER; alpha++) {
      double r = rdp[alpha - MIN_ORDER];
      double epsilon =
          conversion == Conversion.CLASSIC
              ? r + Math.log(1 / delta) / (alpha - 1)
              : r
                  + Math.log((alpha - 1.0) / alpha)
                  - (Math.log(delta) + Math.log(alpha)) / (alpha - 1);
      if (epsilon < best) {
        best = epsilon;
        bestOrder = alpha;
      }
    }
    return new PrivacyGuarantee(Math.max(0, best), delta, bestOrder);
  }

  /**
   * RDP at integer order α of one step of the sampled Gaussian mechanism with sampling rate q and
   * noise multiplier σ. For q = 1 this is α/(2σ²), the Gaussian mechanism's RDP.
   */
  public static double rdpSampledGaussian(double q, double sigma, int alpha) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("sampling rate must be in [0, 1]: " + q);
    }
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("noise multiplier must be positive: " + sigma);
    }
    if (alpha < 2) {
      throw new IllegalArgumentException("integer order must be at least 2: " + alpha);
    }
    if (q == 0) {
      return 0;
    }
    double logQ = Math.log(q);
    double log1MinusQ = Math.log1p(-q);
    double logA = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= alpha; i++) {
      if (q == 1 && i < alpha) {
        continue; // (1 - q)^(α - i) = 0
      }
      double term =
          logBinomial(alpha, i)
              + i * logQ
              + (q == 1 ? 0 : (alpha - i) * log1MinusQ)
              + (i * (double) i - i) / (2 * sigma * sigma);
      logA = logAdd(logA, term);
    }
    return logA / (alpha - 1);
  }

  /**
   * The smallest noise multiplier (to 1e-4 relative) for which {@code steps} steps at sampling rate
   * q stay within ε at δ (improved conversion), by bisection; ε is decreasing in σ.
   */
  public static double noiseMultiplierFor(
      double targetEpsilon, double delta, double samplingRate, long steps) {
    if (!(targetEpsilon > 0)) {
      throw new IllegalArgumentException("target epsilon must be positive: " + targetEpsilon);
    }
    double low = 0.01;
    double high = 1;
    while (epsilonFor(high, delta, samplingRate, steps) > targetEpsilon) {
      low = high;
      high *= 2;
      if (high > 1e6) {
        throw new IllegalArgumentException("no noise multiplier reaches epsilon " + targetEpsilon);
      }
    }
    while ((high - low) / high > 1e-4) {
      double mid = (low + high) / 2;
      if (epsilonFor(mid, delta, samplingRate, steps) > targetEpsilon) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return high;
  }

  private static double epsilonFor(double sigma, double delta, double q, long steps) {
    return new RdpAccountant().compose(q, sigma, steps).guarantee(delta).epsilon();
  }

  private static double logBinomial(int n, int k) {
    return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  }

  private static final double[] LOG_FACTORIAL = new double[MAX_ORDER + 1];

  static {
    for (int i = 1; i <= MAX_ORDER; i++) {
      LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
    }
  }

  private static double logFactorial(int n) {
    return LOG_FACTORIAL[n];
  }

  private static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(Math.min(a, b) - max));
  }
}
