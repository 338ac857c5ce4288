package org.transitionnet.federation.site;

import java.util.Objects;
import org.transitionnet.federation.job.DifferentialPrivacy;

/**
 * The differential privacy a round asks of a site.
 *
 * @param settings the job's DP settings (level NONE: none)
 * @param plannedRounds record level: the job's rounds, so the site sizes its noise for all of them
 * @param noiseMultiplier client level: σ of the Gaussian mechanism on the sum (0 otherwise)
 * @param noiseShares client level: n, the fewest sites a completed round sums; each adds σ²C²/n
 */
public record RoundPrivacy(
    DifferentialPrivacy settings, int plannedRounds, double noiseMultiplier, int noiseShares) {

  public RoundPrivacy {
    Objects.requireNonNull(settings, "settings");
    if (settings.level() == DifferentialPrivacy.Level.RECORD && plannedRounds < 1) {
      throw new IllegalArgumentException("record-level DP needs the job's planned rounds");
    }
    if (settings.level() == DifferentialPrivacy.Level.CLIENT
        && (!(noiseMultiplier > 0) || noiseShares < 1)) {
      throw new IllegalArgumentException(
          "client-level DP needs a positive noise multiplier and at least one noise share");
    }
  }

  /** No differential privacy. */
  public static RoundPrivacy none() {
    return new RoundPrivacy(DifferentialPrivacy.none(), 0, 0, 0);
  }

  public DifferentialPrivacy.Level level() {
    return settings.level();
  }
}
