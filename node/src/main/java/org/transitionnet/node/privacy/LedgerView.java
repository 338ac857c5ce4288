package org.transitionnet.node.privacy;

import java.time.Instant;
import java.util.List;
import org.transitionnet.federation.privacy.LedgerEntry;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.security.dp.PrivacyLedger;

/**
 * The site's privacy ledger as the hospital reads it.
 *
 * @param consortium whose budget it is
 * @param budgetEpsilon the site's total ε per level
 * @param budgetDelta δ of the budget (and of the spent figures)
 * @param record ε spent and left at record level (patients)
 * @param client ε spent and left at client level (the hospital's whole contribution)
 * @param charges every charge, oldest first
 */
public record LedgerView(
    String consortium,
    double budgetEpsilon,
    double budgetDelta,
    LevelView record,
    LevelView client,
    List<ChargeView> charges) {

  /**
   * One level's account.
   *
   * @param epsilonSpent ε spent over the site's lifetime in the consortium
   * @param epsilonRemaining budget minus spent (never below 0)
   */
  public record LevelView(double epsilonSpent, double epsilonRemaining) {}

  /**
   * One charge.
   *
   * @param at when
   * @param job the job (or evaluation) it was for
   * @param level record or client
   * @param steps sampled Gaussian steps
   * @param samplingRate q of each step
   * @param noiseMultiplier σ
   * @param description what ran
   */
  public record ChargeView(
      Instant at,
      String job,
      String level,
      long steps,
      double samplingRate,
      double noiseMultiplier,
      String description) {}

  static LedgerView of(SitePrivacyLedger ledger) {
    return new LedgerView(
        ledger.consortium(),
        ledger.budget().epsilon(),
        ledger.budget().delta(),
        level(ledger, PrivacyLedger.Level.RECORD),
        level(ledger, PrivacyLedger.Level.CLIENT),
        ledger.entries().stream().map(LedgerView::charge).toList());
  }

  private static LevelView level(SitePrivacyLedger ledger, PrivacyLedger.Level level) {
    double spent = ledger.spent(level).epsilon();
    return new LevelView(spent, Math.max(0, ledger.budget().epsilon() - spent));
  }

  private static ChargeView charge(LedgerEntry e) {
    return new ChargeView(
        e.at(),
        e.jobId(),
        e.charge().level().name().toLowerCase(java.util.Locale.ROOT),
        e.charge().steps(),
        e.charge().samplingRate(),
        e.charge().noiseMultiplier(),
        e.charge().description());
  }
}
