package org.transitionnet.whatif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.features.RecordValues;
import org.transitionnet.metrics.Gaussian;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Task;
import org.transitionnet.task.VariableKind;

/**
 * Where the training data lies, to refuse what-if states far outside it. The space is the
 * standardized numeric inputs the model sees ({@code z = (transformed value − mean) / sd} per
 * numeric input and for Δt; a missing value is 0, as the encoder imputes it). A state is <b>too
 * far</b> when
 *
 * <ul>
 *   <li>any observed standardized input has {@code |z| > maxAbsZ} (6), or
 *   <li>its squared Mahalanobis distance {@code D² = (z − m)ᵀ Σ⁻¹ (z − m)} from the training mean
 *       exceeds {@code thresholdD2}: the 99.9th percentile of the training records' own {@code D²}
 *       ({@link #RULE_EMPIRICAL}) when the records were at hand, else the 99.9% quantile of χ²(p)
 *       ({@link #RULE_CHI_SQUARE}, from additive sums only, as a federation would have them).
 * </ul>
 *
 * {@code Σ} is the training covariance with a ridge of {@value #RIDGE} on its diagonal (so that
 * collinear inputs do not make it singular).
 *
 * @param slots the statistic slots ({@code input:<name>}, {@code interval_days}), in order
 * @param count training records behind the reference
 * @param mean mean standardized value per slot
 * @param covariance covariance of the standardized values
 * @param thresholdD2 the largest accepted {@code D²}
 * @param thresholdRule how {@code thresholdD2} was found
 * @param maxAbsZ the largest accepted {@code |z|} of a single input
 */
public record InputReference(
    List<String> slots,
    double count,
    double[] mean,
    double[][] covariance,
    double thresholdD2,
    String thresholdRule,
    double maxAbsZ) {

  /** Threshold rule: 99.9th percentile of the training records' own squared distances. */
  public static final String RULE_EMPIRICAL = "empirical-99.9";

  /** Threshold rule: 99.9% quantile of χ² with as many degrees of freedom as slots. */
  public static final String RULE_CHI_SQUARE = "chi-square-99.9";

  /** The default bound on a single standardized input. */
  public static final double DEFAULT_MAX_ABS_Z = 6;

  /** Ridge added to the covariance diagonal. */
  public static final double RIDGE = 1e-3;

  private static final double LEVEL = 0.999;

  public InputReference {
    slots = List.copyOf(slots);
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(covariance, "covariance");
    if (mean.length != slots.size() || covariance.length != slots.size()) {
      throw new IllegalArgumentException("one mean and one covariance row per slot");
    }
  }

  /** The numeric slots of a task that the reference covers. */
  public static List<String> slots(Task task) {
    List<String> s = new ArrayList<>();
    for (InputVariable v : task.inputs()) {
      if (v.kind() == VariableKind.NUMERIC) {
        s.add("input:" + v.name());
      }
    }
    s.add("interval_days");
    return s;
  }

  /**
   * The standardized numeric inputs of a record, one per {@link #slots(Task)}; NaN where missing.
   */
  public static double[] standardized(Task task, FeatureStatistics statistics, TransitionRecord r) {
    List<String> slots = slots(task);
    double[] z = new double[slots.size()];
    int i = 0;
    for (InputVariable v : task.inputs()) {
      if (v.kind() == VariableKind.NUMERIC) {
        String slot = "input:" + v.name();
        z[i++] = (RecordValues.input(r, v) - statistics.mean(slot)) / statistics.sd(slot);
      }
    }
    z[i] = (r.intervalDays() - statistics.mean("interval_days")) / statistics.sd("interval_days");
    return z;
  }

  /**
   * The reference of a set of training records, with the empirical threshold: the 99.9th percentile
   * (nearest rank) of their own squared Mahalanobis distances.
   */
  public static InputReference of(
      Task task, FeatureStatistics statistics, List<TransitionRecord> training) {
    if (training.size() < 2) {
      throw new IllegalArgumentException("a reference needs at least two training records");
    }
    List<String> slots = slots(task);
    int p = slots.size();
    double[] sum = new double[p];
    double[] outer = new double[p * p];
    List<double[]> all = new ArrayList<>(training.size());
    for (TransitionRecord r : training) {
      double[] z = imputed(standardized(task, statistics, r));
      all.add(z);
      addTo(sum, outer, z);
    }
    InputReference chi = fromSums(slots, training.size(), sum, outer);
    double[] d2 = all.stream().mapToDouble(chi::squaredDistance).sorted().toArray();
    int rank = (int) Math.ceil(LEVEL * d2.length) - 1;
    return new InputReference(
        slots,
        training.size(),
        chi.mean,
        chi.covariance,
        d2[Math.max(0, rank)],
        RULE_EMPIRICAL,
        DEFAULT_MAX_ABS_Z);
  }

  /**
   * A reference from additive sums (count, sum of z, sum of z zᵀ row-major), which sites can add up
   * without sharing records; the threshold is the χ² rule.
   */
  public static InputReference fromSums(
      List<String> slots, double count, double[] sum, double[] outerSums) {
    int p = slots.size();
    if (sum.length != p || outerSums.length != p * p) {
      throw new IllegalArgumentException("sums do not match " + p + " slots");
    }
    if (count < 2) {
      throw new IllegalArgumentException("a reference needs at least two training records");
    }
    double[] mean = new double[p];
    for (int a = 0; a < p; a++) {
      mean[a] = sum[a] / count;
    }
    double[][] cov = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        cov[a][b] = (outerSums[a * p + b] - count * mean[a] * mean[b]) / (count - 1);
      }
    }
    return new InputReference(
        slots, count, mean, cov, chiSquareQuantile(p, LEVEL), RULE_CHI_SQUARE, DEFAULT_MAX_ABS_Z);
  }

  /** Adds one standardized, imputed vector to running sums (for {@link #fromSums}). */
  public static void addTo(double[] sum, double[] outerSums, double[] z) {
    int p = z.length;
    for (int a = 0; a < p; a++) {
      sum[a] += z[a];
      for (int b = 0; b < p; b++) {
        outerSums[a * p + b] += z[a] * z[b];
      }
    }
  }

  /** Missing (NaN) standardized values become 0, the training mean, as the encoder imputes. */
  public static double[] imputed(double[] z) {
    double[] out = z.clone();
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(out[i])) {
        out[i] = 0;
      }
    }
    return out;
  }

  /** {@code D²} of an imputed standardized vector from the training mean. */
  public double squaredDistance(double[] z) {
    int p = mean.length;
    if (z.length != p) {
      throw new IllegalArgumentException("expected " + p + " standardized inputs, got " + z.length);
    }
    double[] d = new double[p];
    for (int a = 0; a < p; a++) {
      d[a] = z[a] - mean[a];
    }
    double[][] l = cholesky();
    // solve L y = d; D² = |y|²
    double[] y = new double[p];
    double d2 = 0;
    for (int a = 0; a < p; a++) {
      double s = d[a];
      for (int b = 0; b < a; b++) {
        s -= l[a][b] * y[b];
      }
      y[a] = s / l[a][a];
      d2 += y[a] * y[a];
    }
    return d2;
  }

  private double[][] cholesky() {
    int p = mean.length;
    double[][] l = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        double s = covariance[a][b] + (a == b ? RIDGE : 0);
        for (int k = 0; k < b; k++) {
          s -= l[a][k] * l[b][k];
        }
        if (a == b) {
          l[a][a] = Math.sqrt(Math.max(s, RIDGE));
        } else {
          l[a][b] = s / l[b][b];
        }
      }
    }
    return l;
  }

  /** The χ² quantile by the Wilson–Hilferty approximation (within 1% for p ≥ 3 at 99.9%). */
  static double chiSquareQuantile(int dof, double level) {
    double z = Gaussian.quantile(level);
    double c = 2.0 / (9.0 * dof);
    double t = 1 - c + z * Math.sqrt(c);
    return dof * t * t * t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputReference r
        && slots.equals(r.slots)
        && count == r.count
        && Arrays.equals(mean, r.mean)
        && Arrays.deepEquals(covariance, r.covariance)
        && thresholdD2 == r.thresholdD2
        && thresholdRule.equals(r.thresholdRule)
        && maxAbsZ == r.maxAbsZ;
  }

  @Override
  public int hashCode() {
    return Objects.hash(slots, count, Arrays.hashCode(mean), thresholdD2, thresholdRule);
  }

  @Override
  public String toString() {
    return "InputReference[" + slots.size() + " slots, n=" + count + ", D2<=" + thresholdD2 + "]";
  }
}
