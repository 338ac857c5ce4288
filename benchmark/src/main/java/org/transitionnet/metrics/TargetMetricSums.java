package org.transitionnet.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The sufficient statistics of every §5 metric for one target over a set of test records: counts
 * and sums that add across sites, so that pooled metrics computed from merged sums are exact (not
 * averages of averages). Mutable; not thread-safe.
 *
 * <p>A record contributes to a target only when both its baseline and follow-up values of that
 * target are observed; missing values are skipped, never imputed.
 */
public final class TargetMetricSums {

  /** Number of nominal levels of the calibration curve (uncertainty-toolbox default). */
  public static final int CALIBRATION_LEVELS = 100;

  private static final double[] LEVELS = new double[CALIBRATION_LEVELS];
  private static final double[] LEVEL_Z = new double[CALIBRATION_LEVELS];
  private static final double Z50 = Gaussian.quantile(0.75);
  private static final double Z90 = Gaussian.quantile(0.95);
  private static final int SCALARS = 15;

  static {
    // np.linspace(0.01, 0.99, 100), as uncertainty-toolbox's get_proportion_lists_vectorized
    for (int i = 0; i < CALIBRATION_LEVELS; i++) {
      LEVELS[i] = 0.01 + (0.99 - 0.01) * i / (CALIBRATION_LEVELS - 1);
      LEVEL_Z[i] = Gaussian.quantile(0.5 + LEVELS[i] / 2);
    }
  }

  private final TargetScale scale;
  private long n;
  private double sumAbsError;
  private double sumSquaredError;
  private long directionHits;
  private long picp50Hits;
  private long picp90Hits;
  private double sumNll;
  private double sumCrps;
  private double sumAbsErrorNoChange;
  private long effectN;
  private double sumPredictedEffect;
  private long treatedN;
  private double sumTreatedChange;
  private long controlN;
  private double sumControlChange;
  private final long[] coverageHits = new long[CALIBRATION_LEVELS];
  private double clipSds;

  public TargetMetricSums(TargetScale scale) {
    this.scale = scale;
  }

  /**
   * Bounds what one record can add from now on, for a differentially private release of these sums:
   * its error, baseline change and predicted effect are clipped to {@code clipSds} training sds of
   * the target (so {@code |error| <= b} and {@code error² <= b²} with {@code b = clipSds · sd}),
   * its standardized CRPS to {@code [0, clipSds]} and its standardized NLL to {@code [-clipSds²,
   * clipSds²]}; counts add 0 or 1 as always. Clipping biases the metrics of records with errors
   * beyond the bound (few at 3 sds); {@code 0} turns it off (the default).
   *
   * @return this
   */
  public TargetMetricSums boundContributions(double clipSds) {
    if (!(clipSds >= 0) || Double.isInfinite(clipSds)) {
      throw new IllegalArgumentException("clip (in sds) must be finite and >= 0: " + clipSds);
    }
    this.clipSds = clipSds;
    return this;
  }

  /** The bound of {@link #boundContributions}, 0 when contributions are not bounded. */
  public double contributionBound() {
    return clipSds;
  }

  public TargetScale scale() {
    return scale;
  }

  /** The nominal levels of the calibration curve, {@code linspace(0.01, 0.99, 100)}. */
  public static double[] calibrationLevels() {
    return LEVELS.clone();
  }

  /**
   * Adds one test record's prediction {@code N(mean, sd²)} for this target.
   *
   * @param y0 the baseline value (transformed scale), NaN when missing
   * @param y1 the follow-up value (transformed scale), NaN when missing
   * @return whether the record counted (both values observed)
   */
  public boolean add(double y0, double y1, double mean, double sd) {
    if (Double.isNaN(y0) || Double.isNaN(y1)) {
      return false;
    }
    if (!(sd > 0) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException(
          "target "
              + scale.target()
              + ": prediction needs finite mean and sd > 0, was "
              + mean
              + ", "
              + sd);
    }
    double err = mean - y1;
    double s = scale.trainingSd();
    double clippedErr = clip(err, clipSds * s);
    n++;
    sumAbsError += Math.abs(clippedErr);
    sumSquaredError += clippedErr * clippedErr;
    double tau = scale.tau();
    if (direction(mean - y0, tau) == direction(y1 - y0, tau)) {
      directionHits++;
    }
    double z = Math.abs(err) / sd;
    if (z <= Z50) {
      picp50Hits++;
    }
    if (z <= Z90) {
      picp90Hits++;
    }
    for (int i = 0; i < CALIBRATION_LEVELS; i++) {
      if (z <= LEVEL_Z[i]) {
        coverageHits[i]++;
      }
    }
    double nll = Gaussian.nll(y1 / s, mean / s, sd / s);
    double crps = Gaussian.crps(y1, mean, sd) / s;
    sumNll += clip(nll, clipSds * clipSds);
    sumCrps += clip(crps, clipSds);
    sumAbsErrorNoChange += Math.abs(clip(y1 - y0, clipSds * s));
    return true;
  }

  /**
   * {@code value} clipped to {@code [-bound, bound]}; unchanged while contributions are unbounded.
   */
  private double clip(double value, double bound) {
    return clipSds > 0 ? Math.max(-bound, Math.min(bound, value)) : value;
  }

  /**
   * Adds one test record's contribution to the treatment effect: the counterfactual means under the
   * treated and the control action, and the record's own observed change in its arm.
   */
  public void addEffect(double y0, double y1, Arm arm, double meanTreated, double meanControl) {
    if (Double.isNaN(y0) || Double.isNaN(y1)) {
      return;
    }
    double bound = clipSds * scale.trainingSd();
    effectN++;
    sumPredictedEffect += clip(meanTreated - meanControl, bound);
    switch (arm) {
      case TREATED -> {
        treatedN++;
        sumTreatedChange += clip(y1 - y0, bound);
      }
      case CONTROL -> {
        controlN++;
        sumControlChange += clip(y1 - y0, bound);
      }
      case OTHER -> {}
    }
  }

  /** Adds another set of sums of the same target and scale into this one. */
  public TargetMetricSums merge(TargetMetricSums other) {
    if (!other.scale.equals(scale)) {
      throw new IllegalArgumentException(
          "cannot merge sums over different scales: " + scale + " vs " + other.scale);
    }
    double[] mine = toVector();
    double[] theirs = other.toVector();
    for (int i = 0; i < mine.length; i++) {
      mine[i] += theirs[i];
    }
    TargetMetricSums merged = fromVector(scale, mine);
    copyFrom(merged);
    return this;
  }

  /** A copy of these sums. */
  public TargetMetricSums copy() {
    return fromVector(scale, toVector());
  }

  /**
   * The sums as one flat vector (counts as exact doubles) — the form a site sends, e.g. through
   * secure aggregation, which only needs to add vectors.
   */
  public double[] toVector() {
    double[] v = new double[SCALARS + CALIBRATION_LEVELS];
    v[0] = n;
    v[1] = sumAbsError;
    v[2] = sumSquaredError;
    v[3] = directionHits;
    v[4] = picp50Hits;
    v[5] = picp90Hits;
    v[6] = sumNll;
    v[7] = sumCrps;
    v[8] = sumAbsErrorNoChange;
    v[9] = effectN;
    v[10] = sumPredictedEffect;
    v[11] = treatedN;
    v[12] = sumTreatedChange;
    v[13] = controlN;
    v[14] = sumControlChange;
    for (int i = 0; i < CALIBRATION_LEVELS; i++) {
      v[SCALARS + i] = coverageHits[i];
    }
    return v;
  }

  /** Length of {@link #toVector()}. */
  public static int vectorLength() {
    return SCALARS + CALIBRATION_LEVELS;
  }

  /** Rebuilds sums from {@link #toVector()} (or a sum of such vectors). */
  public static TargetMetricSums fromVector(TargetScale scale, double[] v) {
    if (v.length != vectorLength()) {
      throw new IllegalArgumentException(
          "metric sums vector must have " + vectorLength() + " entries, had " + v.length);
    }
    TargetMetricSums s = new TargetMetricSums(scale);
    s.n = Math.round(v[0]);
    s.sumAbsError = v[1];
    s.sumSquaredError = v[2];
    s.directionHits = Math.round(v[3]);
    s.picp50Hits = Math.round(v[4]);
    s.picp90Hits = Math.round(v[5]);
    s.sumNll = v[6];
    s.sumCrps = v[7];
    s.sumAbsErrorNoChange = v[8];
    s.effectN = Math.round(v[9]);
    s.sumPredictedEffect = v[10];
    s.treatedN = Math.round(v[11]);
    s.sumTreatedChange = v[12];
    s.controlN = Math.round(v[13]);
    s.sumControlChange = v[14];
    for (int i = 0; i < CALIBRATION_LEVELS; i++) {
      s.coverageHits[i] = Math.round(v[SCALARS + i]);
    }
    return s;
  }

  public long count() {
    return n;
  }

  /**
   * The metrics, or {@code null} for each one computed over fewer than {@code k} records. {@code
   * effect_error} is {@code null} unless the task is randomized and each arm has at least {@code k}
   * records.
   */
  public Map<Metric, Double> metrics(int k, boolean randomized) {
    Map<Metric, Double> m = new EnumMap<>(Metric.class);
    boolean enough = n >= k && n > 0;
    m.put(Metric.N, enough ? (double) n : null);
    m.put(Metric.MAE, enough ? sumAbsError / n : null);
    m.put(Metric.RMSE, enough ? Math.sqrt(sumSquaredError / n) : null);
    m.put(Metric.DIRECTIONAL_ACCURACY, enough ? (double) directionHits / n : null);
    m.put(Metric.PICP50, enough ? (double) picp50Hits / n : null);
    m.put(Metric.PICP90, enough ? (double) picp90Hits / n : null);
    m.put(Metric.NLL, enough ? sumNll / n : null);
    m.put(Metric.CRPS, enough ? sumCrps / n : null);
    m.put(Metric.MACE, enough ? mace() : null);
    m.put(
        Metric.SKILL,
        enough && sumAbsErrorNoChange > 0 ? 1 - sumAbsError / sumAbsErrorNoChange : null);
    boolean armsEnough = randomized && treatedN >= Math.max(k, 1) && controlN >= Math.max(k, 1);
    m.put(Metric.EFFECT_ERROR, armsEnough ? effectError() : null);
    return m;
  }

  private double mace() {
    double total = 0;
    for (int i = 0; i < CALIBRATION_LEVELS; i++) {
      total += Math.abs((double) coverageHits[i] / n - LEVELS[i]);
    }
    return total / CALIBRATION_LEVELS;
  }

  private double effectError() {
    double predicted = sumPredictedEffect / effectN;
    double observed = sumTreatedChange / treatedN - sumControlChange / controlN;
    return Math.abs(predicted - observed) / scale.trainingSd();
  }

  private static int direction(double d, double tau) {
    if (d > tau) {
      return 1;
    }
    if (d < -tau) {
      return -1;
    }
    return 0;
  }

  private void copyFrom(TargetMetricSums o) {
    n = o.n;
    sumAbsError = o.sumAbsError;
    sumSquaredError = o.sumSquaredError;
    directionHits = o.directionHits;
    picp50Hits = o.picp50Hits;
    picp90Hits = o.picp90Hits;
    sumNll = o.sumNll;
    sumCrps = o.sumCrps;
    sumAbsErrorNoChange = o.sumAbsErrorNoChange;
    effectN = o.effectN;
    sumPredictedEffect = o.sumPredictedEffect;
    treatedN = o.treatedN;
    sumTreatedChange = o.sumTreatedChange;
    controlN = o.controlN;
    sumControlChange = o.sumControlChange;
    System.arraycopy(o.coverageHits, 0, coverageHits, 0, CALIBRATION_LEVELS);
  }

  @Override
  public String toString() {
    return "TargetMetricSums["
        + scale.target()
        + ", n="
        + n
        + ", "
        + Arrays.toString(toVector())
        + "]";
  }
}
