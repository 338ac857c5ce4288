package org.transitionnet.federation.privacy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyGuarantee;
import org.transitionnet.security.dp.PrivacyLedger;

/**
 * A site's lifetime privacy ledger in one consortium: every DP training round and every evaluation
 * release the site ran is a charge, stored durably ({@link LedgerStore}) and composed in RDP per
 * level ({@link PrivacyLedger}). Before a task runs the site asks {@link #admit}; a task that would
 * take a level past the site's budget is refused with a reason that names the budget, what is spent
 * and what the task would take it to. The same entries, composed per job, give the ε a job has
 * spent at this site.
 *
 * <p>Thread-safe; admit-then-record is atomic only for one caller at a time (a site trains and
 * evaluates on one worker thread).
 */
public final class SitePrivacyLedger {

  private final String consortium;
  private final PrivacyBudget budget;
  private final LedgerStore store;
  private final Clock clock;
  private final PrivacyLedger total = new PrivacyLedger();
  private final Map<String, PrivacyLedger> jobs = new HashMap<>();
  private final List<LedgerEntry> entries = new ArrayList<>();

  /**
   * Opens the ledger of {@code consortium}, replaying what {@code store} holds.
   *
   * @param budget the site's total (ε, δ) per level in this consortium
   */
  public SitePrivacyLedger(
      String consortium, PrivacyBudget budget, LedgerStore store, Clock clock) {
    this.consortium = Objects.requireNonNull(consortium, "consortium");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (LedgerEntry entry : store.load(consortium)) {
      apply(entry);
    }
  }

  /** A ledger in memory with the given budget (simulator, tests). */
  public static SitePrivacyLedger inMemory(String consortium, PrivacyBudget budget) {
    return new SitePrivacyLedger(consortium, budget, new InMemoryLedgerStore(), Clock.systemUTC());
  }

  public String consortium() {
    return consortium;
  }

  public PrivacyBudget budget() {
    return budget;
  }

  /**
   * Checks that {@code charge} fits the site's budget.
   *
   * @throws PrivacyBudgetExceededException naming the budget, the ε spent and the ε it would reach
   */
  public synchronized void admit(String jobId, PrivacyLedger.Charge charge)
      throws PrivacyBudgetExceededException {
    if (total.wouldExceed(charge, budget)) {
      double after = spentAfter(charge);
      throw new PrivacyBudgetExceededException(
          String.format(
              Locale.ROOT,
              "site privacy budget: %s of job %s would take the %s-level epsilon of consortium"
                  + " '%s' from %.4f to %.4f, past the budget of %.4f (delta %.1e)",
              charge.description(),
              jobId,
              charge.level().name().toLowerCase(Locale.ROOT),
              consortium,
              spentEpsilon(charge.level()),
              after,
              budget.epsilon(),
              budget.delta()));
    }
  }

  /**
   * Whether this site can take on a job offered with a target ε at a level, before any of its
   * rounds run: the ε the site has spent at that level plus what the job may still spend here (its
   * target less what it already spent, when a resumed job is offered again) must fit the budget.
   * The sum is conservative — composing the job's rounds in RDP usually costs less than adding the
   * two ε — so a job admitted here is not refused in a later round for the site's budget.
   *
   * @return the reason to decline, naming the budget, or empty when the job fits
   */
  public synchronized Optional<String> declineOffer(
      String jobId, PrivacyLedger.Level level, double jobEpsilon) {
    double spent = epsilonAt(total, level, budget.delta());
    double remainingForJob = Math.max(0, jobEpsilon - jobEpsilon(jobId, level, budget.delta()));
    if (spent + remainingForJob <= budget.epsilon() * (1 + 1e-9)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "site privacy budget: job %s may spend %s-level epsilon %.4f here; consortium '%s' has"
                + " spent %.4f of this site's budget of %.4f (delta %.1e), %.4f left",
            jobId,
            level.name().toLowerCase(Locale.ROOT),
            remainingForJob,
            consortium,
            spent,
            budget.epsilon(),
            budget.delta(),
            Math.max(0, budget.epsilon() - spent)));
  }

  /** The site's ε at the charge's level (at the budget's δ) if {@code charge} were added. */
  public synchronized double spentAfter(PrivacyLedger.Charge charge) {
    return trial(total.charges(), charge).spent(charge.level(), budget.delta()).epsilon();
  }

  /**
   * Whether {@code charge} would take what job {@code jobId} spent at this site past {@code
   * jobBudget}.
   */
  public synchronized boolean jobWouldExceed(
      String jobId, PrivacyLedger.Charge charge, PrivacyBudget jobBudget) {
    PrivacyLedger job = jobs.get(jobId);
    return (job == null ? new PrivacyLedger() : job).wouldExceed(charge, jobBudget);
  }

  /** Stores a charge (after the release happened); durable before it counts. */
  public synchronized void record(String jobId, PrivacyLedger.Charge charge) {
    LedgerEntry entry = new LedgerEntry(consortium, jobId, charge, clock.instant());
    store.append(entry);
    apply(entry);
  }

  /** ε a job has spent at this site at {@code level}, at δ (0 when it spent nothing). */
  public synchronized double jobEpsilon(String jobId, PrivacyLedger.Level level, double delta) {
    return epsilonAt(jobs.get(jobId), level, delta);
  }

  /** ε of a ledger's charges at a level, 0 when it has none there (or is null). */
  private static double epsilonAt(PrivacyLedger ledger, PrivacyLedger.Level level, double delta) {
    if (ledger == null || ledger.charges().stream().noneMatch(c -> c.level() == level)) {
      return 0;
    }
    return ledger.spent(level, delta).epsilon();
  }

  /** (ε, δ) spent at a level over the site's lifetime in this consortium, at the budget's δ. */
  public synchronized PrivacyGuarantee spent(PrivacyLedger.Level level) {
    return total.spent(level, budget.delta());
  }

  /** Every entry, oldest first. */
  public synchronized List<LedgerEntry> entries() {
    return List.copyOf(entries);
  }

  private double spentEpsilon(PrivacyLedger.Level level) {
    return total.spent(level, budget.delta()).epsilon();
  }

  private void apply(LedgerEntry entry) {
    total.charge(entry.charge());
    jobs.computeIfAbsent(entry.jobId(), id -> new PrivacyLedger()).charge(entry.charge());
    entries.add(entry);
  }

  private static PrivacyLedger trial(
      List<PrivacyLedger.Charge> charges, PrivacyLedger.Charge next) {
    PrivacyLedger trial = new PrivacyLedger();
    for (PrivacyLedger.Charge c : charges) {
      if (c.level() == next.level()) {
        trial.charge(c);
      }
    }
    trial.charge(next);
    return trial;
  }
}
