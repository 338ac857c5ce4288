package org.transitionnet.security.dp;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One site's record of privacy spent: every training run (steps of the sampled Gaussian mechanism)
 * and every evaluation release (one Gaussian mechanism, q = 1) is a {@link Charge}; charges of one
 * {@link Level} compose in RDP. A site asks {@link #wouldExceed} before accepting a task and
 * refuses it if so; {@link #spent} reports (ε, δ) so far.
 *
 * <p>Record-level and client-level guarantees protect different units (a patient, a hospital), so
 * they are accounted separately. Thread-safe. Persist {@link #charges()} and replay them with
 * {@link #charge} after a restart.
 */
public final class PrivacyLedger {

  /** What a guarantee protects. */
  public enum Level {
    /** One patient record (DP-SGD inside the site). */
    RECORD,
    /** One site's whole contribution (client-level DP under secure aggregation). */
    CLIENT
  }

  /**
   * One privacy-consuming release.
   *
   * @param level what it protects
   * @param steps how many sampled Gaussian steps (1 for an evaluation release)
   * @param samplingRate q per step (1 for a release over all data)
   * @param noiseMultiplier σ (noise std / sensitivity)
   * @param description what it was, for the audit (e.g. "job-7 round 3 training")
   */
  public record Charge(
      Level level, long steps, double samplingRate, double noiseMultiplier, String description) {
    public Charge {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(description, "description");
      if (steps < 0) {
        throw new IllegalArgumentException("steps must be non-negative");
      }
      if (!(samplingRate > 0 && samplingRate <= 1)) {
        throw new IllegalArgumentException("sampling rate must be in (0, 1]: " + samplingRate);
      }
      if (!(noiseMultiplier > 0)) {
        throw new IllegalArgumentException("noise multiplier must be positive: " + noiseMultiplier);
      }
    }

    /** A training charge. */
    public static Charge training(
        Level level, long steps, double samplingRate, double noiseMultiplier, String description) {
      return new Charge(level, steps, samplingRate, noiseMultiplier, description);
    }

    /** A release of Gaussian-noised aggregate statistics (an evaluation), q = 1, one step. */
    public static Charge evaluation(Level level, double noiseMultiplier, String description) {
      return new Charge(level, 1, 1.0, noiseMultiplier, description);
    }
  }

  private final Map<Level, RdpAccountant> accountants = new EnumMap<>(Level.class);
  private final List<Charge> charges = new ArrayList<>();

  public PrivacyLedger() {
    for (Level level : Level.values()) {
      accountants.put(level, new RdpAccountant());
    }
  }

  /** Whether adding {@code charge} would take its level past {@code budget}. */
  public synchronized boolean wouldExceed(Charge charge, PrivacyBudget budget) {
    RdpAccountant trial =
        accountants
            .get(charge.level())
            .copy()
            .compose(charge.samplingRate(), charge.noiseMultiplier(), charge.steps());
    return trial.guarantee(budget.delta()).epsilon() > budget.epsilon();
  }

  /** Records a charge (after the release happened, or when replaying a persisted ledger). */
  public synchronized void charge(Charge charge) {
    accountants
        .get(charge.level())
        .compose(charge.samplingRate(), charge.noiseMultiplier(), charge.steps());
    charges.add(charge);
  }

  /** (ε, δ) spent so far at a level, improved RDP conversion. */
  public synchronized PrivacyGuarantee spent(Level level, double delta) {
    return accountants.get(level).guarantee(delta);
  }

  /** Every charge, in order. */
  public synchronized List<Charge> charges() {
    return List.copyOf(charges);
  }
}
