package org.transitionnet.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sufficient statistics of all targets of a task over one test set (a site, or pooled by {@link
 * #merge}). Turn them into reported metrics with {@link #report(int)}.
 */
public final class MetricsAccumulator {

  /** The default minimum number of records below which a metric is reported as {@code null}. */
  public static final int DEFAULT_K = 10;

  private final List<TargetMetricSums> sums;
  private final boolean randomized;

  /**
   * @param scales one per target, in the task's target order
   * @param randomized whether the task compares two randomized arms ({@code effect_error} is
   *     reported only then)
   */
  public MetricsAccumulator(List<TargetScale> scales, boolean randomized) {
    this.sums = new ArrayList<>();
    scales.forEach(s -> sums.add(new TargetMetricSums(s)));
    this.randomized = randomized;
  }

  private MetricsAccumulator(List<TargetMetricSums> sums, boolean randomized, boolean copy) {
    this.sums = new ArrayList<>();
    sums.forEach(s -> this.sums.add(copy ? s.copy() : s));
    this.randomized = randomized;
  }

  /**
   * Adds one record's predictive Gaussians; arrays are indexed by target. Targets whose baseline or
   * follow-up value is NaN (missing) are skipped.
   */
  public void add(double[] y0, double[] y1, double[] mean, double[] sd) {
    checkLength(y0.length, y1.length, mean.length, sd.length);
    for (int j = 0; j < sums.size(); j++) {
      sums.get(j).add(y0[j], y1[j], mean[j], sd[j]);
    }
  }

  /** Adds one record's counterfactual means under the treated and control actions. */
  public void addEffect(
      double[] y0, double[] y1, Arm arm, double[] meanTreated, double[] meanControl) {
    checkLength(y0.length, y1.length, meanTreated.length, meanControl.length);
    for (int j = 0; j < sums.size(); j++) {
      sums.get(j).addEffect(y0[j], y1[j], arm, meanTreated[j], meanControl[j]);
    }
  }

  /** Adds another accumulator over the same targets and scales into this one. */
  public MetricsAccumulator merge(MetricsAccumulator other) {
    if (other.sums.size() != sums.size()) {
      throw new IllegalArgumentException("cannot merge accumulators over different targets");
    }
    for (int j = 0; j < sums.size(); j++) {
      sums.get(j).merge(other.sums.get(j));
    }
    return this;
  }

  /** A deep copy. */
  public MetricsAccumulator copy() {
    return new MetricsAccumulator(sums, randomized, true);
  }

  /** The per-target sums, in target order (live; mutate with care). */
  public List<TargetMetricSums> targetSums() {
    return List.copyOf(sums);
  }

  public boolean randomized() {
    return randomized;
  }

  /**
   * Bounds every target's per-record contributions from now on ({@link
   * TargetMetricSums#boundContributions}); 0 = unbounded.
   *
   * @return this
   */
  public MetricsAccumulator boundContributions(double clipSds) {
    sums.forEach(s -> s.boundContributions(clipSds));
    return this;
  }

  /** All targets' sums concatenated, for transport or secure aggregation. */
  public double[] toVector() {
    int len = TargetMetricSums.vectorLength();
    double[] v = new double[len * sums.size()];
    for (int j = 0; j < sums.size(); j++) {
      System.arraycopy(sums.get(j).toVector(), 0, v, j * len, len);
    }
    return v;
  }

  /** Rebuilds an accumulator from {@link #toVector()} (or a sum of such vectors). */
  public static MetricsAccumulator fromVector(
      List<TargetScale> scales, boolean randomized, double[] v) {
    int len = TargetMetricSums.vectorLength();
    if (v.length != len * scales.size()) {
      throw new IllegalArgumentException(
          "expected "
              + len * scales.size()
              + " entries for "
              + scales.size()
              + " targets, had "
              + v.length);
    }
    List<TargetMetricSums> list = new ArrayList<>();
    for (int j = 0; j < scales.size(); j++) {
      double[] part = new double[len];
      System.arraycopy(v, j * len, part, 0, len);
      list.add(TargetMetricSums.fromVector(scales.get(j), part));
    }
    return new MetricsAccumulator(list, randomized, false);
  }

  /**
   * The reported metrics: per target, and {@code macro} = the mean over targets of each metric
   * ({@code null} when any target's value is {@code null}).
   *
   * @param k metrics over fewer than {@code k} records are {@code null}
   */
  public MetricsReport report(int k) {
    Map<String, Map<String, Double>> perTarget = new LinkedHashMap<>();
    for (TargetMetricSums s : sums) {
      Map<String, Double> values = new LinkedHashMap<>();
      s.metrics(k, randomized).forEach((metric, value) -> values.put(metric.key(), value));
      perTarget.put(s.scale().target(), values);
    }
    return MetricsReport.of(perTarget);
  }

  private void checkLength(int... lengths) {
    for (int l : lengths) {
      if (l != sums.size()) {
        throw new IllegalArgumentException(
            "expected one value per target (" + sums.size() + "), got " + l);
      }
    }
  }
}
