package org.transitionnet.federation.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.metrics.TargetMetricSums;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.security.dp.RdpAccountant;

/**
 * How a site releases the sums of one evaluation: exactly (suppressed below k only, the default),
 * or through the Gaussian mechanism at record level, charged to the site's privacy ledger.
 *
 * <p>The private release, per target: each test record's contribution is bounded at evaluation time
 * ({@link TargetMetricSums#boundContributions}, {@code b = clipSds ×} the target's training sd),
 * so, dividing each sum by its own per-record bound, one record changes each normalized sum by at
 * most 1. It touches at most 10 of them per target (n, the error, squared error, NLL, CRPS and
 * no-change error sums, three hit counts, one bin of the calibration histogram) plus 4 in a
 * randomized task (the effect count and sum, its arm's count and change): the L2 sensitivity of one
 * record over all sums is {@code sqrt(targets × (10 or 14))}. The calibration curve travels as its
 * 100 cumulative hit counts, but is noised as the histogram of the levels each record first falls
 * within (a record adds to one bin, not to up to 100 counts), then summed back. Every sum gets
 * independent {@code N(0, (σ × sensitivity × bound)²)} noise, σ the smallest noise multiplier whose
 * single release stays within (ε, δ). What follows is post-processing and costs nothing: counts are
 * rounded and clamped to {@code [0, noisy n]}, sums to what that many records could add, the
 * calibration counts made non-decreasing; the site suppresses cells on the noisy n.
 *
 * <p>Utility: the noise does not shrink with the site's size, the signal does not grow — at ε = 1
 * per release a site of a few dozen test records reports metrics that are mostly noise; the
 * mechanism suits sites with thousands of test records, or a large per-release ε. Each release is
 * one {@link PrivacyLedger.Charge#evaluation} at record level; a full-protocol leaderboard asks
 * each site for about ten.
 *
 * @param epsilon ε of one release (0 = exact release)
 * @param delta δ of one release
 * @param clipSds per-record bound in training sds of each target
 */
public record EvaluationPrivacy(double epsilon, double delta, double clipSds) {

  /** Sums one record touches per target, without the effect sums. */
  static final int SUMS_PER_RECORD = 10;

  /** ... and the effect sums of a randomized task. */
  static final int EFFECT_SUMS_PER_RECORD = 4;

  private static final int SCALARS =
      TargetMetricSums.vectorLength() - TargetMetricSums.CALIBRATION_LEVELS;

  /** The last scalars of {@link TargetMetricSums#toVector()}: the effect sums (n, effect, arms). */
  private static final int EFFECT_SCALARS = 6;

  public EvaluationPrivacy {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "evaluation epsilon must be finite and >= 0 (0 = exact release): " + epsilon);
    }
    if (epsilon > 0) {
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("evaluation delta must be in (0, 1): " + delta);
      }
      if (!(clipSds > 0) || Double.isInfinite(clipSds)) {
        throw new IllegalArgumentException(
            "evaluation clip must be a positive number of sds: " + clipSds);
      }
    }
  }

  /** Exact sums, suppressed below k; not charged to the ledger. */
  public static EvaluationPrivacy exact() {
    return new EvaluationPrivacy(0, 0, 0);
  }

  /** The Gaussian mechanism at (ε, δ) per release, contributions bounded to {@code clipSds}. */
  public static EvaluationPrivacy gaussian(double epsilon, double delta, double clipSds) {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("a private release needs epsilon > 0: " + epsilon);
    }
    return new EvaluationPrivacy(epsilon, delta, clipSds);
  }

  public boolean isPrivate() {
    return epsilon > 0;
  }

  /** The per-record bound the evaluator must apply: {@code clipSds}, or 0 for an exact release. */
  public double contributionBound() {
    return isPrivate() ? clipSds : 0;
  }

  /** σ of one release (q = 1, one step) within (ε, δ). */
  public double noiseMultiplier() {
    requirePrivate();
    return RdpAccountant.noiseMultiplierFor(epsilon, delta, 1.0, 1);
  }

  /** What one release costs, as the ledger records it. */
  public PrivacyLedger.Charge charge(String description) {
    return PrivacyLedger.Charge.evaluation(
        PrivacyLedger.Level.RECORD, noiseMultiplier(), description);
  }

  /**
   * L2 sensitivity of one record over every sum of a release, each sum divided by its own
   * per-record bound.
   */
  public static double sensitivity(int targets, boolean randomized) {
    return Math.sqrt(
        targets * (double) (SUMS_PER_RECORD + (randomized ? EFFECT_SUMS_PER_RECORD : 0)));
  }

  /**
   * The noised release of {@code exact}, whose contributions were bounded to this {@link
   * #contributionBound()}.
   *
   * @throws IllegalArgumentException when the sums were not bounded to it (noise calibrated to a
   *     bound the records did not respect would protect nobody)
   */
  public MetricsAccumulator privatize(MetricsAccumulator exact, Random random) {
    requirePrivate();
    List<TargetMetricSums> targets = exact.targetSums();
    for (TargetMetricSums t : targets) {
      if (t.contributionBound() != clipSds) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "target %s: sums bounded to %s sds, the release needs %s",
                t.scale().target(),
                t.contributionBound(),
                clipSds));
      }
    }
    double scale = noiseMultiplier() * sensitivity(targets.size(), exact.randomized());
    int len = TargetMetricSums.vectorLength();
    double[] all = new double[len * targets.size()];
    for (int j = 0; j < targets.size(); j++) {
      double[] noisy = privatizeTarget(targets.get(j), exact.randomized(), scale, random);
      System.arraycopy(noisy, 0, all, j * len, len);
    }
    List<org.transitionnet.metrics.TargetScale> scales = new ArrayList<>();
    targets.forEach(t -> scales.add(t.scale()));
    return MetricsAccumulator.fromVector(scales, exact.randomized(), all);
  }

  /** Per-record bound of each scalar sum of {@link TargetMetricSums#toVector()}. */
  static double[] scalarBounds(double clipSds, double trainingSd) {
    double b = clipSds * trainingSd;
    return new double[] {
      1, // n
      b, // |error|
      b * b, // error²
      1, // direction hits
      1, // picp50 hits
      1, // picp90 hits
      clipSds * clipSds, // nll (two-sided)
      clipSds, // crps / sd
      b, // |no-change error|
      1, // effect n
      b, // predicted effect (two-sided)
      1, // treated n
      b, // treated change (two-sided)
      1, // control n
      b, // control change (two-sided)
    };
  }

  private double[] privatizeTarget(
      TargetMetricSums target, boolean randomized, double scale, Random random) {
    double[] v = target.toVector();
    double[] bounds = scalarBounds(clipSds, target.scale().trainingSd());
    double[] out = new double[v.length];
    int scalars = randomized ? SCALARS : SCALARS - EFFECT_SCALARS;
    for (int i = 0; i < scalars; i++) {
      out[i] = v[i] + random.nextGaussian() * scale * bounds[i];
    }
    // the calibration curve as a histogram: bin i holds the records first covered at level i
    double cumulative = 0;
    double previous = 0;
    for (int i = 0; i < TargetMetricSums.CALIBRATION_LEVELS; i++) {
      double bin = v[SCALARS + i] - previous;
      previous = v[SCALARS + i];
      cumulative += bin + random.nextGaussian() * scale;
      out[SCALARS + i] = cumulative;
    }
    postProcess(out, bounds, randomized);
    return out;
  }

  /** Rounds and clamps the noisy sums to what their noisy counts allow (free post-processing). */
  private static void postProcess(double[] v, double[] bounds, boolean randomized) {
    double n = Math.max(0, Math.round(v[0]));
    v[0] = n;
    v[1] = clamp(v[1], 0, n * bounds[1]);
    v[2] = clamp(v[2], 0, n * bounds[2]);
    for (int i = 3; i <= 5; i++) {
      v[i] = clamp(Math.round(v[i]), 0, n);
    }
    v[6] = clamp(v[6], -n * bounds[6], n * bounds[6]);
    v[7] = clamp(v[7], 0, n * bounds[7]);
    v[8] = clamp(v[8], 0, n * bounds[8]);
    if (randomized) {
      double effectN = Math.max(0, Math.round(v[9]));
      v[9] = effectN;
      v[10] = clamp(v[10], -effectN * bounds[10], effectN * bounds[10]);
      for (int arm : new int[] {11, 13}) {
        double armN = clamp(Math.round(v[arm]), 0, effectN);
        v[arm] = armN;
        v[arm + 1] = clamp(v[arm + 1], -armN * bounds[arm + 1], armN * bounds[arm + 1]);
      }
    }
    double floor = 0;
    for (int i = SCALARS; i < v.length; i++) {
      floor = clamp(Math.max(floor, Math.round(v[i])), 0, n);
      v[i] = floor;
    }
  }

  private static double clamp(double x, double low, double high) {
    return Math.max(low, Math.min(high, x));
  }

  private void requirePrivate() {
    if (!isPrivate()) {
      throw new IllegalStateException("an exact release has no noise multiplier");
    }
  }
}
