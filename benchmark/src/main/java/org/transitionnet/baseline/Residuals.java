package org.transitionnet.baseline;

import java.util.List;
import org.transitionnet.features.Example;

/** Root-mean-square training residual per target: the σ of every baseline. */
final class Residuals {

  private Residuals() {}

  interface MeanFunction {
    double mean(Example e, int target);
  }

  static double[] rms(List<Example> train, int targets, MeanFunction mean) {
    double[] sum = new double[targets];
    long[] n = new long[targets];
    for (Example e : train) {
      for (int j = 0; j < targets; j++) {
        if (e.observed(j)) {
          double r = e.followUp()[j] - mean.mean(e, j);
          sum[j] += r * r;
          n[j]++;
        }
      }
    }
    double[] sd = new double[targets];
    for (int j = 0; j < targets; j++) {
      sd[j] = n[j] > 0 && sum[j] > 0 ? Math.sqrt(sum[j] / n[j]) : 1e-6;
    }
    return sd;
  }

  /** Mean of the follow-up values per target (fallback where a baseline value is missing). */
  static double[] followUpMeans(List<Example> train, int targets) {
    double[] sum = new double[targets];
    long[] n = new long[targets];
    for (Example e : train) {
      for (int j = 0; j < targets; j++) {
        if (!Double.isNaN(e.followUp()[j])) {
          sum[j] += e.followUp()[j];
          n[j]++;
        }
      }
    }
    double[] m = new double[targets];
    for (int j = 0; j < targets; j++) {
      m[j] = n[j] > 0 ? sum[j] / n[j] : 0;
    }
    return m;
  }
}
