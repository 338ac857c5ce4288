package org.transitionnet.federation.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.security.dp.PrivacyLedger.Charge;
import org.transitionnet.security.dp.PrivacyLedger.Level;

class SitePrivacyLedgerTest {

  private static final PrivacyBudget BUDGET = new PrivacyBudget(2.0, 1e-5);

  private static Charge round(int r) {
    return Charge.training(Level.RECORD, 100, 0.01, 1.0, "round " + r + " DP-SGD training");
  }

  @Test
  void chargesUntilTheBudget_thenRefusesNamingItAndChargesNothing() throws Exception {
    SitePrivacyLedger ledger = SitePrivacyLedger.inMemory("consortium-x", BUDGET);
    int admitted = 0;
    try {
      while (admitted < 1000) {
        ledger.admit("job-1", round(admitted + 1));
        ledger.record("job-1", round(admitted + 1));
        admitted++;
      }
    } catch (PrivacyBudgetExceededException e) {
      assertThat(e.getMessage())
          .contains("site privacy budget")
          .contains("job job-1")
          .contains("consortium 'consortium-x'")
          .contains("budget of 2.0000");
    }
    assertThat(admitted).isBetween(1, 999);
    assertThat(ledger.entries()).hasSize(admitted);
    assertThat(ledger.spent(Level.RECORD).epsilon()).isLessThanOrEqualTo(2.0);
    assertThat(ledger.spentAfter(round(0))).isGreaterThan(2.0);
    // the other level has its own account
    ledger.admit("job-2", Charge.training(Level.CLIENT, 1, 1.0, 5.0, "client round"));
  }

  @Test
  void reopenedFromItsStore_remembersEveryCharge() throws Exception {
    LedgerStore store = new InMemoryLedgerStore();
    SitePrivacyLedger first = new SitePrivacyLedger("c", BUDGET, store, Clock.systemUTC());
    first.record("job-1", round(1));
    first.record("job-2", round(1));
    double spent = first.spent(Level.RECORD).epsilon();

    SitePrivacyLedger reopened = new SitePrivacyLedger("c", BUDGET, store, Clock.systemUTC());

    assertThat(reopened.entries()).hasSize(2);
    assertThat(reopened.spent(Level.RECORD).epsilon()).isEqualTo(spent).isPositive();
    assertThat(reopened.jobEpsilon("job-1", Level.RECORD, 1e-5))
        .isEqualTo(first.jobEpsilon("job-1", Level.RECORD, 1e-5))
        .isLessThan(spent);
    assertThat(new SitePrivacyLedger("other", BUDGET, store, Clock.systemUTC()).entries())
        .isEmpty();
  }

  @Test
  void aJobPastItsOwnBudget_isSeenPerJob() {
    SitePrivacyLedger ledger = SitePrivacyLedger.inMemory("c", new PrivacyBudget(1000, 1e-5));
    ledger.record("job-1", round(1));
    PrivacyBudget tiny = new PrivacyBudget(ledger.jobEpsilon("job-1", Level.RECORD, 1e-5), 1e-5);
    assertThat(ledger.jobWouldExceed("job-1", round(2), tiny)).isTrue();
    assertThat(
            ledger.jobWouldExceed(
                "job-2", round(1), new PrivacyBudget(tiny.epsilon() * 1.01, 1e-5)))
        .isFalse();
  }

  @Test
  void anOfferedJob_isDeclinedWhenWhatItMaySpendDoesNotFit_aResumedJobCountsWhatItLeft() {
    SitePrivacyLedger ledger = SitePrivacyLedger.inMemory("c", BUDGET);
    assertThat(ledger.declineOffer("job-1", Level.RECORD, 1.5)).isEmpty();
    assertThat(ledger.declineOffer("job-1", Level.RECORD, 2.5))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("job job-1 may spend record-level epsilon 2.5000")
                    .contains("budget of 2.0000"));
    ledger.record("job-1", round(1));
    double spent = ledger.spent(Level.RECORD).epsilon();
    // offered again (a restarted coordinator): only what job-1 has left counts on top
    assertThat(ledger.declineOffer("job-1", Level.RECORD, 1.9)).isEmpty();
    assertThat(ledger.declineOffer("job-2", Level.RECORD, 2.0 - spent * 0.5)).isPresent();
    // the other level has its own account
    assertThat(ledger.declineOffer("job-2", Level.CLIENT, 2.0)).isEmpty();
  }

  @Test
  void anEvaluationRelease_isChargedAtItsLevel() throws Exception {
    SitePrivacyLedger ledger = SitePrivacyLedger.inMemory("c", BUDGET);
    Charge release = PrivacyLedger.Charge.evaluation(Level.RECORD, 20.0, "evaluation eval-1");
    ledger.admit("eval-1", release);
    ledger.record("eval-1", release);
    assertThat(ledger.spent(Level.RECORD).epsilon()).isPositive();
    assertThat(ledger.spent(Level.CLIENT).epsilon()).isZero();
  }
}
