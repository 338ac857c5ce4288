package org.transitionnet.federation.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;

/** DP jobs over the real protocol in process: ε per site per round, refusals with reasons. */
class DpFederatedJobTest {

  private static final double[] TRUE_W = {1.5, -2.0, 0.5, 3.0};
  private InProcessFederation federation;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (federation != null) {
      federation.close();
    }
  }

  /** A stand-in for a DP trainer at the seam: reports ε = 0.5 × round. */
  private static LocalTrainer reportingEpsilon(LeastSquaresTrainer inner) {
    return (global, plan) -> {
      LocalUpdate update = inner.train(global, plan);
      return new LocalUpdate(
          update.parameters(), update.sampleCount(), 0, 0.5 * plan.round().round());
    };
  }

  /** FedAvg over at least 2 sites with record-level DP, ε 3. */
  private static JobSpec recordLevelJob(String jobId, int rounds) {
    return JobSpec.of(jobId, StrategyKind.FEDAVG, rounds, TRUE_W.length)
        .withTraining(2, 0.05, 0)
        .withMinSites(2)
        .withRoundTimeout(Duration.ofSeconds(20))
        .withPrivacy(DifferentialPrivacy.record(3.0));
  }

  @Test
  void recordLevelJob_roundsRecordEachSitesEpsilon_aSiteWithoutDpTrainingRefuses()
      throws Exception {
    federation = new InProcessFederation("dp-record");
    federation.addSite(
        "site-a",
        SitePolicy.acceptAll("default"),
        reportingEpsilon(LeastSquaresTrainer.synthetic(TRUE_W, 50, 0, 1)));
    federation.addSite(
        "site-b",
        SitePolicy.acceptAll("default"),
        reportingEpsilon(LeastSquaresTrainer.synthetic(TRUE_W, 80, 0, 2)));
    federation.addSite(
        "site-c", SitePolicy.acceptAll("default"), LeastSquaresTrainer.synthetic(TRUE_W, 60, 0, 3));
    federation.awaitSites(Duration.ofSeconds(5));
    JobSpec job = recordLevelJob("dp-1", 2);
    federation.coordinator().submit(job, new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("dp-1");

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    List<RoundRecord> rounds = federation.store().rounds().rounds("dp-1");
    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(0).epsilonSpent())
        .containsEntry("site-a", 0.5)
        .containsEntry("site-b", 0.5);
    assertThat(rounds.get(1).epsilonSpent())
        .containsEntry("site-a", 1.0)
        .containsEntry("site-b", 1.0);
    assertThat(rounds.get(1).maxEpsilonSpent()).isEqualTo(1.0);
    // site-c's trainer has no DP: it must not send an unprotected update, and says why
    assertThat(rounds).allSatisfy(r -> assertThat(r.reported()).doesNotContain("site-c"));
    assertThat(rounds.get(0).failures().get("site-c")).contains("record-level DP");
  }

  @Test
  void clientLevelJob_chargesEachSitesLedger_aSitePastItsBudgetRefusesWithTheReason()
      throws Exception {
    federation =
        InProcessFederation.withSecureAggregation("dp-client", new SecureAggregation.Audit() {});
    SitePrivacyLedger[] ledgers = new SitePrivacyLedger[3];
    // site-c's budget covers this job (ε 4) when it is offered; while round 1 runs, another job
    // spends most of it, so site-c must refuse rounds 2 and 3
    PrivacyLedger.Charge otherJob =
        PrivacyLedger.Charge.training(PrivacyLedger.Level.CLIENT, 1, 1, 0.3, "another job");
    for (int i = 0; i < 3; i++) {
      String site = "site-" + (char) ('a' + i);
      ledgers[i] =
          SitePrivacyLedger.inMemory("default", new PrivacyBudget(i == 2 ? 4.04 : 100, 1e-5));
      LeastSquaresTrainer inner = LeastSquaresTrainer.synthetic(TRUE_W, 50 + 10 * i, 0, i + 1);
      SitePrivacyLedger ledger = ledgers[i];
      LocalTrainer trainer =
          i != 2
              ? inner
              : (global, plan) -> {
                if (plan.round().round() == 1) {
                  ledger.record("other-job", otherJob);
                }
                return inner.train(global, plan);
              };
      federation
          .addSite(site, SitePolicy.acceptAll("default"), trainer)
          .withPrivacyLedger(ledgers[i]);
    }
    federation.awaitSites(Duration.ofSeconds(5));
    JobSpec job =
        JobSpec.of("dp-2", StrategyKind.FEDAVG, 3, TRUE_W.length)
            .withTraining(2, 0.05, 0)
            .withMinSites(2)
            .withRoundTimeout(Duration.ofSeconds(30))
            .withSecureAggregation(true)
            .withPrivacy(DifferentialPrivacy.client(4.0));
    federation.coordinator().submit(job, new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("dp-2");

    assertThat(done.status()).as(done.failure()).isEqualTo(JobStatus.COMPLETED);
    List<RoundRecord> rounds = federation.store().rounds().rounds("dp-2");
    assertThat(rounds.get(0).reported()).containsExactly("site-a", "site-b", "site-c");
    // uniform weights: one site's contribution to the sum is bounded by C, as the noise assumes
    assertThat(rounds.get(0).totalSamples()).isEqualTo(3);
    assertThat(rounds.get(1).totalSamples()).isEqualTo(2);
    assertThat(rounds.get(0).epsilonSpent().get("site-a")).isPositive();
    assertThat(rounds.get(2).epsilonSpent().get("site-a"))
        .isGreaterThan(rounds.get(0).epsilonSpent().get("site-a"))
        .isLessThanOrEqualTo(4.0 * (1 + 1e-6));
    // site-c refused rounds 2 and 3: its update never entered them, the reason reached the record
    assertThat(rounds.get(1).reported()).containsExactly("site-a", "site-b");
    assertThat(rounds.get(1).failures().get("site-c")).contains("site privacy budget");
    assertThat(ledgers[2].entries())
        .extracting(e -> e.jobId())
        .containsExactlyInAnyOrder("dp-2", "other-job");
    assertThat(ledgers[0].entries()).hasSize(3);
    assertThat(ledgers[0].spent(PrivacyLedger.Level.CLIENT).epsilon())
        .isCloseTo(
            rounds.get(2).epsilonSpent().get("site-a"), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aSiteWhoseBudgetCannotCoverTheJob_declinesTheOffer_namingItsBudget() throws Exception {
    federation = new InProcessFederation("dp-offer");
    SitePrivacyLedger spent = SitePrivacyLedger.inMemory("default", new PrivacyBudget(5, 1e-5));
    // an earlier job took most of site-c's record-level budget
    spent.record(
        "earlier-job",
        PrivacyLedger.Charge.training(PrivacyLedger.Level.RECORD, 100, 0.05, 1.0, "earlier"));
    double before = spent.spent(PrivacyLedger.Level.RECORD).epsilon();
    assertThat(before).isGreaterThan(2.0).isLessThan(5.0);
    for (String site : List.of("site-a", "site-b", "site-c")) {
      federation
          .addSite(
              site,
              SitePolicy.acceptAll("default"),
              reportingEpsilon(LeastSquaresTrainer.synthetic(TRUE_W, 50, 0, site.hashCode())))
          .withPrivacyLedger(
              site.equals("site-c")
                  ? spent
                  : SitePrivacyLedger.inMemory("default", new PrivacyBudget(5, 1e-5)));
    }
    federation.awaitSites(Duration.ofSeconds(5));
    JobSpec job = recordLevelJob("dp-offer", 1);
    federation.coordinator().submit(job, new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("dp-offer");

    assertThat(done.status()).as(done.failure()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.decisions().get("site-a").accepted()).isTrue();
    assertThat(done.decisions().get("site-c").accepted()).isFalse();
    assertThat(done.decisions().get("site-c").rule()).isEqualTo("privacy-budget");
    assertThat(done.decisions().get("site-c").reason())
        .contains("job dp-offer may spend record-level epsilon 3.0000")
        .contains("budget of 5.0000");
    assertThat(federation.store().rounds().rounds("dp-offer").get(0).participants())
        .containsExactlyInAnyOrder("site-a", "site-b");
    // declining spent nothing
    assertThat(spent.entries()).hasSize(1);
  }

  @Test
  void clientLevelWithoutSecureAggregation_everySiteRefuses() throws Exception {
    federation = new InProcessFederation("dp-client-plain");
    federation.addSite(
        "site-a", SitePolicy.acceptAll("default"), LeastSquaresTrainer.synthetic(TRUE_W, 50, 0, 1));
    federation.awaitSites(Duration.ofSeconds(5));
    JobSpec job =
        JobSpec.of("dp-3", StrategyKind.FEDAVG, 1, TRUE_W.length)
            .withTraining(1, 0.05, 0)
            .withRoundTimeout(Duration.ofSeconds(20))
            .withPrivacy(DifferentialPrivacy.client(4.0));
    federation.coordinator().submit(job, new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("dp-3");

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.failure()).contains("client-level DP needs secure aggregation");
    assertThat(federation.store().rounds().rounds("dp-3")).isEmpty();
  }
}
