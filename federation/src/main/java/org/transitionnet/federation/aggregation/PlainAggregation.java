package org.transitionnet.federation.aggregation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.transitionnet.federation.job.RoundId;

/**
 * Aggregation without masking: a running weighted sum, updated as each chunk arrives.
 *
 * <p>The sum is kept in fixed point (2<sup>-28</sup> resolution in 64-bit integers) so that it is
 * exact and therefore independent of the order in which sites' chunks arrive: the same seed gives
 * the same model however the threads interleave. A weighted value (sample count times update)
 * beyond ±2<sup>28</sup> is rejected as malformed, which leaves room for the sum of 128 sites at
 * that bound.
 */
public final class PlainAggregation implements AggregationProtocol {

  static final double SCALE = 0x1p28;
  private static final double LIMIT = 0x1p28;

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public boolean secure() {
    return false;
  }

  @Override
  public AggregationSession open(RoundId round, int parameterCount) {
    return new Session(parameterCount);
  }

  private static final class Session implements AggregationSession {
    private final long[] sum;
    private final Map<String, Long> weights = new HashMap<>();
    private final Set<String> completed = new HashSet<>();
    private boolean finished;

    Session(int parameterCount) {
      this.sum = new long[parameterCount];
    }

    @Override
    public synchronized void begin(String siteId, long weight) throws UpdateRejectedException {
      checkOpen();
      if (weight < 1) {
        throw new UpdateRejectedException(siteId, "sample count must be >= 1, was " + weight);
      }
      if (weights.putIfAbsent(siteId, weight) != null) {
        throw new UpdateRejectedException(siteId, "already contributed to this round");
      }
    }

    @Override
    public void accept(String siteId, int offset, double[] values) throws UpdateRejectedException {
      long weight;
      synchronized (this) {
        checkOpen();
        Long w = weights.get(siteId);
        if (w == null || completed.contains(siteId)) {
          throw new UpdateRejectedException(siteId, "no contribution in progress");
        }
        weight = w;
      }
      if (offset < 0 || values.length > sum.length - offset) {
        throw new UpdateRejectedException(
            siteId,
            "slice ["
                + offset
                + ", "
                + ((long) offset + values.length)
                + ") outside the "
                + sum.length
                + " parameters");
      }
      long[] scaled = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        double weighted = values[i] * weight;
        if (!Double.isFinite(weighted) || Math.abs(weighted) >= LIMIT) {
          throw new UpdateRejectedException(
              siteId, "value at parameter " + (offset + i) + " is not finite or too large");
        }
        scaled[i] = Math.round(weighted * SCALE);
      }
      synchronized (this) {
        checkOpen();
        for (int i = 0; i < scaled.length; i++) {
          sum[offset + i] += scaled[i];
        }
      }
    }

    @Override
    public synchronized void complete(String siteId) throws UpdateRejectedException {
      if (!weights.containsKey(siteId)) {
        throw new UpdateRejectedException(siteId, "no contribution in progress");
      }
      completed.add(siteId);
    }

    @Override
    public synchronized Set<String> incomplete() {
      Set<String> open = new TreeSet<>(weights.keySet());
      open.removeAll(completed);
      return open;
    }

    @Override
    public synchronized Set<String> completed() {
      return new TreeSet<>(completed);
    }

    @Override
    public synchronized WeightedMean finish() {
      checkOpen();
      if (!incomplete().isEmpty()) {
        throw new IllegalStateException("incomplete contributions from " + incomplete());
      }
      finished = true;
      long total = 0;
      for (String site : completed) {
        total += weights.get(site);
      }
      double[] mean = new double[sum.length];
      if (total > 0) {
        double divisor = total * SCALE;
        for (int i = 0; i < sum.length; i++) {
          mean[i] = sum[i] / divisor;
        }
      }
      return new WeightedMean(mean, total, completed.size());
    }

    private void checkOpen() {
      if (finished) {
        throw new IllegalStateException("aggregate already finished");
      }
    }
  }
}
