package org.transitionnet.federation.statistics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.proto.v1.EncodingStatistics;
import org.transitionnet.task.Task;

/**
 * Counts, sums and sums of squares per statistic slot of a task ({@link FeatureStatistics#slots}),
 * as they travel and as the coordinator stores them with a job. Aggregates only: additive, so the
 * pooled statistics of several sites are their element-wise sum ({@link #merge}).
 *
 * @param slots slot names in order ({@code input:<name>}, {@code interval_days}, {@code
 *     target:<name>})
 * @param count observations per slot
 * @param sum sum per slot
 * @param sumSquares sum of squares per slot
 */
public record SlotStatistics(
    List<String> slots, double[] count, double[] sum, double[] sumSquares) {

  public SlotStatistics {
    slots = List.copyOf(slots);
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(sum, "sum");
    Objects.requireNonNull(sumSquares, "sumSquares");
    int m = slots.size();
    if (count.length != m || sum.length != m || sumSquares.length != m) {
      throw new IllegalArgumentException(
          "statistics of "
              + m
              + " slots need "
              + m
              + " counts, sums and sums of squares, got "
              + count.length
              + ", "
              + sum.length
              + " and "
              + sumSquares.length);
    }
    for (int i = 0; i < m; i++) {
      if (!(count[i] >= 0) || !Double.isFinite(count[i])) {
        throw new IllegalArgumentException(
            "slot " + slots.get(i) + ": count " + count[i] + " is not a finite count");
      }
      if (!Double.isFinite(sum[i]) || !Double.isFinite(sumSquares[i]) || sumSquares[i] < 0) {
        throw new IllegalArgumentException(
            "slot " + slots.get(i) + ": sum or sum of squares is not finite or negative");
      }
    }
    count = count.clone();
    sum = sum.clone();
    sumSquares = sumSquares.clone();
  }

  /** The statistics a site computed over its training split. */
  public static SlotStatistics of(FeatureStatistics statistics) {
    int m = statistics.slotNames().size();
    double[] v = statistics.toVector();
    return new SlotStatistics(
        statistics.slotNames(),
        Arrays.copyOfRange(v, 0, m),
        Arrays.copyOfRange(v, m, 2 * m),
        Arrays.copyOfRange(v, 2 * m, 3 * m));
  }

  /** Statistics with no observation in any slot (the identity of {@link #merge}). */
  public static SlotStatistics empty(List<String> slots) {
    int m = slots.size();
    return new SlotStatistics(slots, new double[m], new double[m], new double[m]);
  }

  @Override
  public double[] count() {
    return count.clone();
  }

  @Override
  public double[] sum() {
    return sum.clone();
  }

  @Override
  public double[] sumSquares() {
    return sumSquares.clone();
  }

  /** Observations in the slot with the fewest (0 without slots). */
  public double smallestCount() {
    return Arrays.stream(count).min().orElse(0);
  }

  /** The statistics of the union of both record sets. */
  public SlotStatistics merge(SlotStatistics other) {
    if (!slots.equals(other.slots)) {
      throw new IllegalArgumentException(
          "cannot pool statistics of slots " + other.slots + " into statistics of slots " + slots);
    }
    double[] c = count.clone();
    double[] s = sum.clone();
    double[] q = sumSquares.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += other.count[i];
      s[i] += other.sum[i];
      q[i] += other.sumSquares[i];
    }
    return new SlotStatistics(slots, c, s, q);
  }

  /**
   * The statistics with every slot of fewer than {@code minCount} observations reported as empty
   * (count, sum and sum of squares 0), as metric cells below the reporting threshold are.
   */
  public SlotStatistics suppressBelow(int minCount) {
    double[] c = count.clone();
    double[] s = sum.clone();
    double[] q = sumSquares.clone();
    for (int i = 0; i < c.length; i++) {
      if (c[i] < minCount) {
        c[i] = 0;
        s[i] = 0;
        q[i] = 0;
      }
    }
    return new SlotStatistics(slots, c, s, q);
  }

  /**
   * The feature statistics of a task, for its encoder.
   *
   * @throws IllegalArgumentException when the slots are not the task's
   */
  public FeatureStatistics toFeatureStatistics(Task task) {
    List<String> expected = FeatureStatistics.slots(task);
    if (!expected.equals(slots)) {
      throw new IllegalArgumentException(
          "the job's statistics have slots "
              + slots
              + ", task "
              + task.name()
              + " has "
              + expected);
    }
    int m = slots.size();
    double[] v = new double[3 * m];
    System.arraycopy(count, 0, v, 0, m);
    System.arraycopy(sum, 0, v, m, m);
    System.arraycopy(sumSquares, 0, v, 2 * m, m);
    return FeatureStatistics.fromVector(task, v);
  }

  public EncodingStatistics toProto() {
    EncodingStatistics.Builder b = EncodingStatistics.newBuilder().addAllSlots(slots);
    for (int i = 0; i < slots.size(); i++) {
      b.addCount(count[i]).addSum(sum[i]).addSumSquares(sumSquares[i]);
    }
    return b.build();
  }

  /**
   * @throws IllegalArgumentException when the message is malformed (lengths, negative counts)
   */
  public static SlotStatistics fromProto(EncodingStatistics message) {
    return new SlotStatistics(
        message.getSlotsList(),
        message.getCountList().stream().mapToDouble(Double::doubleValue).toArray(),
        message.getSumList().stream().mapToDouble(Double::doubleValue).toArray(),
        message.getSumSquaresList().stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotStatistics other
        && slots.equals(other.slots)
        && Arrays.equals(count, other.count)
        && Arrays.equals(sum, other.sum)
        && Arrays.equals(sumSquares, other.sumSquares);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        slots, Arrays.hashCode(count), Arrays.hashCode(sum), Arrays.hashCode(sumSquares));
  }

  @Override
  public String toString() {
    return "SlotStatistics" + slots + " counts " + Arrays.toString(count);
  }
}
