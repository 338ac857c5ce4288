package org.transitionnet.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Target;
import org.transitionnet.task.Task;
import org.transitionnet.task.VariableKind;

/**
 * Counts, sums and sums of squares of every standardized quantity of a task (numeric inputs on the
 * transformed scale, Δt, and each target's follow-up value on the transformed scale), computed over
 * one site's training records. Statistics of several sites {@link #merge} exactly into the pooled
 * statistics, so a federation can standardize without pooling records. Immutable.
 */
public final class FeatureStatistics {

  private final List<String> slots;
  private final double[] count;
  private final double[] sum;
  private final double[] sumSquares;

  private FeatureStatistics(List<String> slots, double[] count, double[] sum, double[] sumSquares) {
    this.slots = List.copyOf(slots);
    this.count = count;
    this.sum = sum;
    this.sumSquares = sumSquares;
  }

  /**
   * The statistic slots of a task: {@code input:<name>}, {@code interval_days}, {@code
   * target:<name>}.
   */
  public static List<String> slots(Task task) {
    List<String> s = new ArrayList<>();
    for (InputVariable v : task.inputs()) {
      if (v.kind() == VariableKind.NUMERIC) {
        s.add("input:" + v.name());
      }
    }
    s.add("interval_days");
    for (Target t : task.targets()) {
      s.add("target:" + t.name());
    }
    return s;
  }

  /** The statistics of a set of (training) records. */
  public static FeatureStatistics of(Task task, List<TransitionRecord> records) {
    List<String> slots = slots(task);
    int m = slots.size();
    double[] c = new double[m];
    double[] s = new double[m];
    double[] q = new double[m];
    for (TransitionRecord r : records) {
      int i = 0;
      for (InputVariable v : task.inputs()) {
        if (v.kind() == VariableKind.NUMERIC) {
          add(c, s, q, i++, RecordValues.input(r, v));
        }
      }
      add(c, s, q, i++, r.intervalDays());
      for (Target t : task.targets()) {
        add(c, s, q, i++, RecordValues.followUp(r, t));
      }
    }
    return new FeatureStatistics(slots, c, s, q);
  }

  private static void add(double[] c, double[] s, double[] q, int i, double x) {
    if (!Double.isNaN(x)) {
      c[i]++;
      s[i] += x;
      q[i] += x * x;
    }
  }

  /** The statistics of the union of both record sets. */
  public FeatureStatistics merge(FeatureStatistics other) {
    if (!slots.equals(other.slots)) {
      throw new IllegalArgumentException("cannot merge statistics of different tasks");
    }
    double[] c = count.clone();
    double[] s = sum.clone();
    double[] q = sumSquares.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += other.count[i];
      s[i] += other.sum[i];
      q[i] += other.sumSquares[i];
    }
    return new FeatureStatistics(slots, c, s, q);
  }

  /** Counts, then sums, then sums of squares, one per slot: the form a site sends. */
  public double[] toVector() {
    int m = slots.size();
    double[] v = new double[3 * m];
    System.arraycopy(count, 0, v, 0, m);
    System.arraycopy(sum, 0, v, m, m);
    System.arraycopy(sumSquares, 0, v, 2 * m, m);
    return v;
  }

  /** Rebuilds statistics from {@link #toVector()} (or a sum of such vectors). */
  public static FeatureStatistics fromVector(Task task, double[] v) {
    List<String> slots = slots(task);
    int m = slots.size();
    if (v.length != 3 * m) {
      throw new IllegalArgumentException(
          "feature statistics of task "
              + task.name()
              + " have "
              + 3 * m
              + " entries, got "
              + v.length);
    }
    return new FeatureStatistics(
        slots,
        Arrays.copyOfRange(v, 0, m),
        Arrays.copyOfRange(v, m, 2 * m),
        Arrays.copyOfRange(v, 2 * m, 3 * m));
  }

  public List<String> slotNames() {
    return slots;
  }

  public double count(String slot) {
    return count[index(slot)];
  }

  /** Mean of a slot; 0 when it has no observations. */
  public double mean(String slot) {
    int i = index(slot);
    return count[i] > 0 ? sum[i] / count[i] : 0;
  }

  /**
   * Sample standard deviation of a slot; 1 when it has fewer than two observations or no spread (so
   * standardizing by it is always defined).
   */
  public double sd(String slot) {
    int i = index(slot);
    if (count[i] < 2) {
      return 1;
    }
    double mean = sum[i] / count[i];
    double var = (sumSquares[i] - count[i] * mean * mean) / (count[i] - 1);
    return var > 1e-24 ? Math.sqrt(var) : 1;
  }

  private int index(String slot) {
    int i = slots.indexOf(slot);
    if (i < 0) {
      throw new IllegalArgumentException("no statistic slot " + slot + " (have " + slots + ")");
    }
    return i;
  }
}
