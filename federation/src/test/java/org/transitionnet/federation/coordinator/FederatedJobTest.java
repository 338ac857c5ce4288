package org.transitionnet.federation.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;

class FederatedJobTest {

  private static final double[] TRUE_W = {1.5, -2.0, 0.5, 3.0};
  private InProcessFederation federation;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (federation != null) {
      federation.close();
    }
  }

  private LeastSquaresTrainer[] startThreeSites() throws InterruptedException {
    federation = new InProcessFederation("job-test");
    LeastSquaresTrainer[] trainers = {
      LeastSquaresTrainer.synthetic(TRUE_W, 50, 0.0, 1),
      LeastSquaresTrainer.synthetic(TRUE_W, 120, 0.5, 2),
      LeastSquaresTrainer.synthetic(TRUE_W, 80, -0.5, 3)
    };
    for (int i = 0; i < trainers.length; i++) {
      federation.addSite("site-" + (char) ('a' + i), SitePolicy.acceptAll("default"), trainers[i]);
    }
    federation.awaitSites(Duration.ofSeconds(5));
    return trainers;
  }

  @Test
  void fedAvgWithOneLocalStep_equalsCentralizedGradientDescent() throws Exception {
    LeastSquaresTrainer[] trainers = startThreeSites();
    int rounds = 4;
    double lr = 0.1;
    JobSpec job =
        JobSpec.of("job-1", StrategyKind.FEDAVG, rounds, TRUE_W.length)
            .withTraining(1, lr, 0.0)
            .withMinSites(3)
            .withRoundTimeout(Duration.ofSeconds(20));
    double[] initial = new double[TRUE_W.length];
    federation.coordinator().submit(job, initial);

    JobRecord done = federation.coordinator().run("job-1");

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    // one full-batch step per site, averaged by sample count == one step on the pooled data
    double[] w = initial.clone();
    int total = 0;
    for (LeastSquaresTrainer t : trainers) {
      total += t.size();
    }
    for (int r = 0; r < rounds; r++) {
      double[] pooledGradient = new double[w.length];
      for (LeastSquaresTrainer t : trainers) {
        double[] g = t.gradient(w);
        for (int j = 0; j < w.length; j++) {
          pooledGradient[j] += g[j] * t.size() / total;
        }
      }
      for (int j = 0; j < w.length; j++) {
        w[j] -= lr * pooledGradient[j];
      }
    }
    ModelVersion last = federation.store().rounds().latestModel("job-1").orElseThrow();
    assertThat(last.version()).isEqualTo(rounds);
    for (int j = 0; j < w.length; j++) {
      assertThat(last.parameters()[j]).isCloseTo(w[j], within(1e-6));
    }
    List<RoundRecord> records = federation.store().rounds().rounds("job-1");
    assertThat(records).extracting(RoundRecord::round).containsExactly(1, 2, 3, 4);
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.reported()).containsExactly("site-a", "site-b", "site-c");
              assertThat(r.totalSamples()).isEqualTo(250);
              assertThat(r.closedBy()).isEqualTo(RoundRecord.ClosedBy.ALL_REPORTED);
            });
  }

  @Test
  void eachStrategy_reducesTheLossOnEverySite() throws Exception {
    LeastSquaresTrainer[] trainers = startThreeSites();
    for (StrategyKind kind : StrategyKind.values()) {
      String id = "job-" + kind.methodName();
      JobSpec job =
          JobSpec.of(id, kind, 30, TRUE_W.length)
              .withTraining(5, 0.05, kind == StrategyKind.FEDPROX ? 0.1 : 0.0)
              .withServerLearningRate(0.2)
              .withMinSites(3)
              .withRoundTimeout(Duration.ofSeconds(20));
      federation.coordinator().submit(job, new double[TRUE_W.length]);
      assertThat(federation.coordinator().run(id).status())
          .as(kind.methodName())
          .isEqualTo(JobStatus.COMPLETED);
      double[] trained = federation.store().rounds().latestModel(id).orElseThrow().parameters();
      for (LeastSquaresTrainer t : trainers) {
        assertThat(t.loss(trained))
            .as(kind.methodName())
            .isLessThan(0.05 * t.loss(new double[TRUE_W.length]));
      }
    }
  }

  @Test
  void refusingSite_isLeftOutWithItsReasonStored() throws Exception {
    federation = new InProcessFederation("policy-test");
    LeastSquaresTrainer trainer = LeastSquaresTrainer.synthetic(TRUE_W, 40, 0, 9);
    federation.addSite("site-a", SitePolicy.acceptAll("default"), trainer);
    federation.addSite("site-b", SitePolicy.acceptAll("default"), trainer);
    SiteAgent picky =
        federation.addSite(
            "site-c",
            new SitePolicy(
                "default",
                java.util.Set.of(),
                java.util.Set.of("dr-allowed"),
                java.util.Set.of(),
                false),
            trainer);
    federation.awaitSites(Duration.ofSeconds(5));
    JobSpec job =
        JobSpec.of("job-p", StrategyKind.FEDAVG, 2, TRUE_W.length)
            .withOrigin("default", "dr-other", "task")
            .withMinSites(2)
            .withRoundTimeout(Duration.ofSeconds(10));
    federation.coordinator().submit(job, new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("job-p");

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.decisions().get("site-c").accepted()).isFalse();
    assertThat(done.decisions().get("site-c").rule()).isEqualTo("researcher");
    assertThat(done.decisions().get("site-c").reason()).contains("dr-other");
    assertThat(picky.decisions()).singleElement().matches(d -> !d.accepted());
    assertThat(federation.store().rounds().rounds("job-p"))
        .allSatisfy(r -> assertThat(r.participants()).containsExactly("site-a", "site-b"));
  }
}
