package org.transitionnet.federation.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.OptimizerState;
import org.transitionnet.federation.store.RoundRecord;

class CoordinatorRestartTest {

  private static final double[] TRUE_W = {0.5, 2.0, -1.0, 1.0, 0.0};

  private static InProcessFederation federation(String name, FederationStore store)
      throws InterruptedException {
    InProcessFederation federation = new InProcessFederation(name, store, new PlainAggregation());
    for (int i = 0; i < 3; i++) {
      federation.addSite(
          "site-" + i,
          SitePolicy.acceptAll("default"),
          LeastSquaresTrainer.synthetic(TRUE_W, 40 + 30 * i, 0.3 * i, i));
    }
    federation.awaitSites(Duration.ofSeconds(5));
    return federation;
  }

  private static JobSpec job() {
    return JobSpec.of("job-r", StrategyKind.FEDADAM, 5, TRUE_W.length)
        .withTraining(3, 0.05, 0)
        .withServerLearningRate(0.1)
        .withMinSites(3)
        .withRoundTimeout(Duration.ofSeconds(10));
  }

  @Test
  void restartedCoordinator_resumesAtLastCompletedRound_andRecordsEachRoundOnce() throws Exception {
    FederationStore store = FederationStore.inMemory();
    double[] interrupted;
    try (InProcessFederation federation = federation("restart", store)) {
      federation.coordinator().submit(job(), new double[TRUE_W.length]);
      assertThat(federation.coordinator().jobs().runUntil("job-r", 2).status())
          .isEqualTo(JobStatus.RUNNING);
      assertThat(store.rounds().rounds("job-r")).hasSize(2);

      Coordinator restarted = federation.restartCoordinator();
      federation.awaitSites(Duration.ofSeconds(10));
      assertThat(restarted.run("job-r").status()).isEqualTo(JobStatus.COMPLETED);
      interrupted = store.rounds().latestModel("job-r").orElseThrow().parameters();
      assertThat(federation.connection("site-0").streamsOpened()).isGreaterThanOrEqualTo(2);
    }
    assertThat(store.rounds().rounds("job-r"))
        .extracting(RoundRecord::round)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(store.rounds().rounds("job-r")).extracting(RoundRecord::attempt).containsOnly(1);

    // the same job without a restart reaches the very same model (FedAdam state was kept)
    FederationStore fresh = FederationStore.inMemory();
    try (InProcessFederation federation = federation("straight", fresh)) {
      federation.coordinator().submit(job(), new double[TRUE_W.length]);
      federation.coordinator().run("job-r");
    }
    assertThat(fresh.rounds().latestModel("job-r").orElseThrow().parameters())
        .isEqualTo(interrupted);
  }

  @Test
  void restartedCoordinator_continuesTheAttemptNumbersOfTheRoundItInterrupted() throws Exception {
    FederationStore store = FederationStore.inMemory();
    try (InProcessFederation federation = federation("attempts", store)) {
      federation.coordinator().submit(job(), new double[TRUE_W.length]);
      federation.coordinator().jobs().runUntil("job-r", 2);
      // the first coordinator starts round 3 and dies before the round closes: what survives in
      // the store is that attempt 1 of round 3 began
      assertThat(store.rounds().startAttempt("job-r", 3)).isEqualTo(1);

      Coordinator restarted = federation.restartCoordinator();
      federation.awaitSites(Duration.ofSeconds(10));
      assertThat(restarted.run("job-r").status()).isEqualTo(JobStatus.COMPLETED);
    }
    // round 3 ran as attempt 2: an upload still in flight from attempt 1 cannot enter it
    assertThat(store.rounds().rounds("job-r"))
        .extracting(RoundRecord::attempt)
        .containsExactly(1, 1, 2, 1, 1);
  }

  @Test
  void attemptNumbers_countPerRound_andOnlyForTheNextRound() {
    FederationStore store = FederationStore.inMemory();
    store
        .rounds()
        .storeInitialModel(
            new ModelVersion("job-a", 0, new double[1], OptimizerState.NONE, Instant.EPOCH));
    assertThat(store.rounds().startAttempt("job-a", 1)).isEqualTo(1);
    assertThat(store.rounds().startAttempt("job-a", 1)).isEqualTo(2);
    store
        .rounds()
        .commit(
            new RoundRecord(
                "job-a",
                1,
                2,
                List.of("s"),
                List.of("s"),
                1,
                0,
                RoundRecord.ClosedBy.ALL_REPORTED,
                Instant.EPOCH,
                Instant.EPOCH),
            new ModelVersion("job-a", 1, new double[1], OptimizerState.NONE, Instant.EPOCH));
    assertThat(store.rounds().startAttempt("job-a", 2)).isEqualTo(1);
    assertThatThrownBy(() -> store.rounds().startAttempt("job-a", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("round 1 is not next");
    assertThatThrownBy(() -> store.rounds().startAttempt("job-b", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no model");
  }
}
