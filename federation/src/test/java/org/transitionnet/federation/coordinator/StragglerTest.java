package org.transitionnet.federation.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.proto.v1.RoundRefusal;

class StragglerTest {

  private static final double[] TRUE_W = {1.0, -1.0, 2.0};

  @Test
  void lateUpdate_isRefusedAsRoundClosed_andNotMixedIntoAnyRound() throws Exception {
    LeastSquaresTrainer a = LeastSquaresTrainer.synthetic(TRUE_W, 30, 0, 1);
    LeastSquaresTrainer b = LeastSquaresTrainer.synthetic(TRUE_W, 60, 1, 2);
    LeastSquaresTrainer c = LeastSquaresTrainer.synthetic(TRUE_W, 90, -1, 3);
    try (InProcessFederation federation = new InProcessFederation("straggler")) {
      federation.addSite("site-a", SitePolicy.acceptAll("default"), a);
      federation.addSite("site-b", SitePolicy.acceptAll("default"), b);
      SiteAgent slow =
          federation.addSite(
              "site-c",
              SitePolicy.acceptAll("default"),
              (global, plan) -> {
                try {
                  Thread.sleep(1_200);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                LocalUpdate update = c.train(global, plan);
                // a conspicuous update: if it were mixed in, the model would jump
                double[] p = update.parameters();
                for (int i = 0; i < p.length; i++) {
                  p[i] += 1000;
                }
                return update;
              });
      federation.awaitSites(Duration.ofSeconds(5));
      double lr = 0.1;
      JobSpec job =
          JobSpec.of("job-s", StrategyKind.FEDAVG, 2, TRUE_W.length)
              .withTraining(1, lr, 0)
              .withMinSites(2)
              .withRoundTimeout(Duration.ofMillis(600));
      federation.coordinator().submit(job, new double[TRUE_W.length]);

      assertThat(federation.coordinator().run("job-s").status()).isEqualTo(JobStatus.COMPLETED);

      List<RoundRecord> records = federation.store().rounds().rounds("job-s");
      assertThat(records)
          .allSatisfy(
              r -> {
                assertThat(r.participants()).containsExactly("site-a", "site-b", "site-c");
                assertThat(r.reported()).containsExactly("site-a", "site-b");
                assertThat(r.closedBy()).isEqualTo(RoundRecord.ClosedBy.DEADLINE);
              });
      // the model is exactly the two punctual sites' FedAvg
      double[] w = new double[TRUE_W.length];
      for (int round = 0; round < 2; round++) {
        double[] ga = a.gradient(w);
        double[] gb = b.gradient(w);
        for (int j = 0; j < w.length; j++) {
          w[j] -= lr * (ga[j] * 30 + gb[j] * 60) / 90;
        }
      }
      ModelVersion last = federation.store().rounds().latestModel("job-s").orElseThrow();
      for (int j = 0; j < w.length; j++) {
        assertThat(last.parameters()[j]).isCloseTo(w[j], within(1e-6));
      }
      // the straggler is told, with the round it was late for
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (slow.refusals().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(slow.refusals()).isNotEmpty();
      RoundRefusal first = slow.refusals().get(0);
      assertThat(first.getReason()).isEqualTo(RoundRefusal.Reason.ROUND_CLOSED);
      assertThat(first.getRef().getJobId()).isEqualTo("job-s");
      assertThat(first.getRef().getRound()).isEqualTo(1);
      assertThat(slow.receipts()).isEmpty();
    }
  }

  @Test
  void tooFewSitesByTheDeadline_failsTheJobWithoutStoringARound() throws Exception {
    try (InProcessFederation federation = new InProcessFederation("quorum")) {
      LeastSquaresTrainer a = LeastSquaresTrainer.synthetic(TRUE_W, 30, 0, 1);
      federation.addSite("site-a", SitePolicy.acceptAll("default"), a);
      federation.addSite(
          "site-b",
          SitePolicy.acceptAll("default"),
          (global, plan) -> {
            throw new org.transitionnet.federation.site.TrainingException("no data for task");
          });
      federation.awaitSites(Duration.ofSeconds(5));
      JobSpec job =
          JobSpec.of("job-q", StrategyKind.FEDAVG, 1, TRUE_W.length)
              .withMinSites(2)
              .withRoundTimeout(Duration.ofMillis(300));
      federation.coordinator().submit(job, new double[TRUE_W.length]);

      var result = federation.coordinator().run("job-q");

      assertThat(result.status()).isEqualTo(JobStatus.FAILED);
      assertThat(result.failure()).contains("1 of 2 sites reported").contains("no data for task");
      assertThat(federation.store().rounds().rounds("job-q")).isEmpty();
      assertThat(federation.store().rounds().latestModel("job-q").orElseThrow().version()).isZero();
    }
  }

  @Test
  void siteThatCannotLoadTheModel_reportsWhyAtOnce_insteadOfLeavingTheRoundToItsDeadline()
      throws Exception {
    try (InProcessFederation federation = new InProcessFederation("linkage")) {
      LeastSquaresTrainer a = LeastSquaresTrainer.synthetic(TRUE_W, 30, 0, 1);
      federation.addSite("site-a", SitePolicy.acceptAll("default"), a);
      federation.addSite(
          "site-b",
          SitePolicy.acceptAll("default"),
          (global, plan) -> {
            // what a node whose ND4J native library failed to load throws
            throw new ExceptionInInitializerError(
                new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"));
          });
      federation.awaitSites(Duration.ofSeconds(5));
      JobSpec job =
          JobSpec.of("job-l", StrategyKind.FEDAVG, 1, TRUE_W.length)
              .withMinSites(2)
              .withRoundTimeout(Duration.ofMinutes(2));
      federation.coordinator().submit(job, new double[TRUE_W.length]);

      var result = federation.coordinator().run("job-l");

      // the reason, not "did not report by the deadline": the site said why, before the deadline
      assertThat(result.status()).isEqualTo(JobStatus.FAILED);
      assertThat(result.failure())
          .contains("site-b")
          .contains("this site cannot run the model")
          .contains("no jnind4jcpu in java.library.path")
          .contains("restart");
    }
  }
}
