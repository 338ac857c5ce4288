package org.transitionnet.federation.job;

import java.util.Locale;
import java.util.Objects;
import org.transitionnet.leaderboard.DpSetting;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.security.dp.RdpAccountant;

/**
 * The differential-privacy settings of a job.
 *
 * <p>{@link Level#RECORD}: every site trains with DP-SGD (per-example clipping to {@code clipNorm},
 * Gaussian noise); each site derives its noise multiplier from (ε, δ), its own sampling rate and
 * the job's planned steps, because only the site knows how many records it holds. {@link
 * Level#CLIENT}: DP-FedAvg with distributed noise; every site clips its whole update to {@code
 * clipNorm} and adds its share of the noise, σ derived by the coordinator for {@code rounds}
 * releases of the sum.
 *
 * @param level what the guarantee protects (NONE: no DP)
 * @param epsilon the target ε of the whole job (0 when level is NONE)
 * @param delta δ (1e-5 by default)
 * @param clipNorm C, the L2 clip of one record's gradient (record) or one site's update (client)
 */
public record DifferentialPrivacy(Level level, double epsilon, double delta, double clipNorm) {

  /** Default δ of a job that names none. */
  public static final double DEFAULT_DELTA = 1e-5;

  /** Default clip norm of a job that names none. */
  public static final double DEFAULT_CLIP_NORM = 1.0;

  /** What a job's guarantee protects. */
  public enum Level {
    /** No differential privacy. */
    NONE,
    /** One patient record: DP-SGD inside each site. */
    RECORD,
    /**
     * One site's whole contribution: clipped updates, distributed noise under secure aggregation.
     */
    CLIENT;

    /** The lower-case name used in requests, the CLI and the leaderboard ("record"). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses "none", "record" or "client" (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Level parse(String name) {
      for (Level level : values()) {
        if (level.name().equalsIgnoreCase(name.trim())) {
          return level;
        }
      }
      throw new IllegalArgumentException(
          "unknown DP level '" + name + "', expected none, record or client");
    }

    /** The ledger level charged for this guarantee. */
    public PrivacyLedger.Level ledgerLevel() {
      if (this == NONE) {
        throw new IllegalStateException("a job without DP charges no ledger");
      }
      return this == RECORD ? PrivacyLedger.Level.RECORD : PrivacyLedger.Level.CLIENT;
    }
  }

  public DifferentialPrivacy {
    Objects.requireNonNull(level, "level");
    if (level == Level.NONE) {
      if (epsilon != 0) {
        throw new IllegalArgumentException("dpEpsilon needs a DP level (record or client)");
      }
    } else {
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException("dpEpsilon must be positive and finite: " + epsilon);
      }
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("dpDelta must be in (0, 1): " + delta);
      }
      if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
        throw new IllegalArgumentException("dpClipNorm must be positive and finite: " + clipNorm);
      }
    }
  }

  /** No differential privacy. */
  public static DifferentialPrivacy none() {
    return new DifferentialPrivacy(Level.NONE, 0, DEFAULT_DELTA, DEFAULT_CLIP_NORM);
  }

  /** Record-level DP-SGD at ε with the default δ and clip norm. */
  public static DifferentialPrivacy record(double epsilon) {
    return new DifferentialPrivacy(Level.RECORD, epsilon, DEFAULT_DELTA, DEFAULT_CLIP_NORM);
  }

  /** Client-level DP-FedAvg at ε with the default δ and clip norm. */
  public static DifferentialPrivacy client(double epsilon) {
    return new DifferentialPrivacy(Level.CLIENT, epsilon, DEFAULT_DELTA, DEFAULT_CLIP_NORM);
  }

  public boolean enabled() {
    return level != Level.NONE;
  }

  /**
   * Client level: σ of the Gaussian mechanism on the sum of clipped updates, the smallest for which
   * {@code rounds} releases (every site in every round, q = 1) stay within (ε, δ).
   */
  public double clientNoiseMultiplier(int rounds) {
    if (level != Level.CLIENT) {
      throw new IllegalStateException("only client-level DP has a job-wide noise multiplier");
    }
    return RdpAccountant.noiseMultiplierFor(epsilon, delta, 1.0, rounds);
  }

  /**
   * The leaderboard's {@code "dp"} entry ({@code {"level","epsilon","delta"}}), or {@code null} for
   * a job without DP.
   */
  public DpSetting leaderboardDp() {
    return enabled() ? new DpSetting(level.wireName(), epsilon, delta) : null;
  }
}
