package org.transitionnet.metrics;

/**
 * The standard normal distribution to double precision: density, distribution function, quantile,
 * and the closed-form Gaussian negative log-likelihood and CRPS used by the metrics.
 */
public final class Gaussian {

  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private Gaussian() {}

  /** Density of N(0, 1) at {@code z}. */
  public static double pdf(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  /** Distribution function of N(0, 1) at {@code z}. */
  public static double cdf(double z) {
    if (z < 0) {
      return 0.5 * erfc(-z / SQRT_2);
    }
    return 1.0 - 0.5 * erfc(z / SQRT_2);
  }

  /**
   * The quantile function of N(0, 1) (Acklam's rational approximation refined by one Halley step,
   * accurate to about 1e-15).
   */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException(
          "a probability strictly inside (0, 1) is needed, was " + p);
    }
    double x;
    double plow = 0.02425;
    if (p < plow) {
      double q = Math.sqrt(-2 * Math.log(p));
      x =
          (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
              / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    } else if (p <= 1 - plow) {
      double q = p - 0.5;
      double r = q * q;
      x =
          (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5])
              * q
              / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      x =
          -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
              / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    double e = cdf(x) - p;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /**
   * Negative log-likelihood of {@code y} under N(mean, sd²): {@code log(sd) + ½ log(2π) + ½ ((y −
   * mean)/sd)²}.
   */
  public static double nll(double y, double mean, double sd) {
    double z = (y - mean) / sd;
    return Math.log(sd) + LOG_SQRT_2PI + 0.5 * z * z;
  }

  /**
   * Closed-form CRPS of N(mean, sd²) at {@code y} (Gneiting et al. 2005): {@code sd · [z(2Φ(z) − 1)
   * + 2φ(z) − 1/√π]} with {@code z = (y − mean)/sd}.
   */
  public static double crps(double y, double mean, double sd) {
    double z = (y - mean) / sd;
    return sd * (z * (2 * cdf(z) - 1) + 2 * pdf(z) - 1 / SQRT_PI);
  }

  /** Complementary error function for {@code x >= 0}, to about 1e-15 relative. */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 3) {
      // erf(x) = 2/√π e^{-x²} Σ 2^n x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation
      double term = x;
      double sum = x;
      double x2 = x * x;
      for (int n = 1; n < 200; n++) {
        term *= 2 * x2 / (2 * n + 1);
        sum += term;
        if (term < 1e-17 * sum) {
          break;
        }
      }
      return 1 - 2 / SQRT_PI * Math.exp(-x2) * sum;
    }
    // continued fraction (modified Lentz) for erfc(x) = e^{-x²}/√π · 1/(x + 1/2/(x + 1/(x +
    // 3/2/...)))
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double an = n / 2.0;
      d = x + an * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / SQRT_PI / f;
  }

  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01,
    1.615858368580409e+02,
    -1.556989798598866e+02,
    6.680131188771972e+01,
    -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
}
