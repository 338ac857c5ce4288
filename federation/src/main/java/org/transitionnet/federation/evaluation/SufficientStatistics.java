package org.transitionnet.federation.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.metrics.TargetMetricSums;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.proto.v1.EvaluationResult;
import org.transitionnet.proto.v1.TargetStatistics;

/**
 * The wire form of a site's metric sums: one {@link TargetStatistics} per target with {@code n} and
 * a fixed set of named sums ({@link #SUM_KEYS}), so a message's shape and size do not depend on the
 * number of test records. A target with fewer than {@code min_count} records is sent without {@code
 * n} or sums (suppressed); the effect sums are left out when either arm has fewer than {@code
 * min_count} records.
 */
public final class SufficientStatistics {

  /** Default minimum records per reported cell ({@code k} of §5). */
  public static final int DEFAULT_MIN_COUNT = MetricsAccumulator.DEFAULT_K;

  /**
   * The sums' names, in the order of {@link TargetMetricSums#toVector()} after its first entry
   * ({@code n}, which travels as its own field).
   */
  public static final List<String> SUM_KEYS;

  private static final List<String> EFFECT_KEYS =
      List.of(
          "effect_n",
          "predicted_effect",
          "treated_n",
          "treated_change",
          "control_n",
          "control_change");

  static {
    List<String> keys = new ArrayList<>();
    keys.addAll(
        List.of(
            "abs_error",
            "sq_error",
            "direction_hits",
            "picp50_hits",
            "picp90_hits",
            "nll",
            "crps",
            "abs_error_no_change"));
    keys.addAll(EFFECT_KEYS);
    for (int i = 0; i < TargetMetricSums.CALIBRATION_LEVELS; i++) {
      keys.add(String.format(Locale.ROOT, "coverage_hits_%03d", i));
    }
    SUM_KEYS = Collections.unmodifiableList(keys);
    if (SUM_KEYS.size() + 1 != TargetMetricSums.vectorLength()) {
      throw new IllegalStateException("sum keys out of step with TargetMetricSums");
    }
  }

  private SufficientStatistics() {}

  /** The effective minimum count of a task: its {@code min_count}, or the default when unset. */
  public static int minCount(int requested) {
    return requested > 0 ? requested : DEFAULT_MIN_COUNT;
  }

  /** A site's answer: the sums of every target, cells below {@code minCount} suppressed. */
  public static EvaluationResult toResult(
      String evaluationId, String siteId, MetricsAccumulator sums, int minCount) {
    EvaluationResult.Builder result =
        EvaluationResult.newBuilder().setEvaluationId(evaluationId).setSiteId(siteId);
    boolean allSuppressed = true;
    for (TargetMetricSums target : sums.targetSums()) {
      double[] v = target.toVector();
      TargetStatistics.Builder cell =
          TargetStatistics.newBuilder().setTarget(target.scale().target());
      if (target.count() >= minCount && target.count() > 0) {
        allSuppressed = false;
        cell.setN(target.count());
        Map<String, Double> named = new HashMap<>();
        for (int i = 0; i < SUM_KEYS.size(); i++) {
          named.put(SUM_KEYS.get(i), v[i + 1]);
        }
        if (named.get("treated_n") < minCount || named.get("control_n") < minCount) {
          EFFECT_KEYS.forEach(named::remove);
        }
        cell.putAllSums(named);
      }
      result.addTargets(cell);
    }
    return result.setSuppressed(allSuppressed).build();
  }

  /** A site's answer that it could not evaluate. */
  public static EvaluationResult failure(String evaluationId, String siteId, String reason) {
    return EvaluationResult.newBuilder()
        .setEvaluationId(evaluationId)
        .setSiteId(siteId)
        .setFailure(reason)
        .build();
  }

  /**
   * Rebuilds a site's sums on the coordinator. Suppressed targets (and left-out effect sums) count
   * as zero, so they add nothing to a pooled total and report {@code null} at the site.
   *
   * @throws MalformedEvaluationException for an unknown or repeated target, an unknown sum, a
   *     negative count or a non-finite value
   */
  public static MetricsAccumulator toSums(
      EvaluationResult result, List<TargetScale> scales, boolean randomized)
      throws MalformedEvaluationException {
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < scales.size(); j++) {
      index.put(scales.get(j).target(), j);
    }
    int len = TargetMetricSums.vectorLength();
    double[] all = new double[len * scales.size()];
    boolean[] seen = new boolean[scales.size()];
    for (TargetStatistics cell : result.getTargetsList()) {
      Integer j = index.get(cell.getTarget());
      if (j == null || seen[j]) {
        throw new MalformedEvaluationException(
            result.getSiteId(), cell.getTarget(), j == null ? "unknown target" : "repeated target");
      }
      seen[j] = true;
      if (cell.getN() < 0) {
        throw new MalformedEvaluationException(result.getSiteId(), cell.getTarget(), "negative n");
      }
      all[j * len] = cell.getN();
      for (Map.Entry<String, Double> sum : cell.getSumsMap().entrySet()) {
        int i = SUM_KEYS.indexOf(sum.getKey());
        if (i < 0) {
          throw new MalformedEvaluationException(
              result.getSiteId(), cell.getTarget(), "unknown sum '" + sum.getKey() + "'");
        }
        if (!Double.isFinite(sum.getValue())) {
          throw new MalformedEvaluationException(
              result.getSiteId(), cell.getTarget(), "sum '" + sum.getKey() + "' is not finite");
        }
        all[j * len + i + 1] = sum.getValue();
      }
    }
    return MetricsAccumulator.fromVector(scales, randomized, all);
  }
}
