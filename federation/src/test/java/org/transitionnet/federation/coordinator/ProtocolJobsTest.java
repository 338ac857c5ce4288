package org.transitionnet.federation.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.evaluation.TrainedMethod;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.EvaluationProtocol;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;

class ProtocolJobsTest {

  private static final double[] TRUE_W = {0.5, 2.0, -1.0, 1.0, 0.0};
  private static final List<String> SITES = List.of("site-0", "site-1", "site-2");
  private static final SlotStatistics STATISTICS = SlotStatistics.empty(List.of("x"));

  private static JobSpec spec() {
    return JobSpec.of("job-p", StrategyKind.FEDADAM, 4, TRUE_W.length)
        .withTraining(3, 0.05, 0)
        .withServerLearningRate(0.1)
        .withMinSites(3)
        .withSecureAggregation(true)
        .withRoundTimeout(Duration.ofSeconds(10));
  }

  private static JobRecord parent(JobSpec spec) {
    return new JobRecord(spec, JobStatus.COMPLETED, Map.of(), "", STATISTICS)
        .withProtocol(EvaluationProtocol.FULL);
  }

  @Test
  void plan_localAtEachSiteAlone_losoOverTheOthers_withTheJobsSettings() {
    List<ProtocolJobs.Planned> plan = ProtocolJobs.plan(parent(spec()), SITES);

    assertThat(plan)
        .extracting(ProtocolJobs.Planned::method)
        .containsExactly(
            "local:site-0",
            "local:site-1",
            "local:site-2",
            "loso:site-0",
            "loso:site-1",
            "loso:site-2");
    ProtocolJobs.Planned local = plan.get(1);
    assertThat(local.kind()).isEqualTo("local");
    assertThat(local.job().spec().jobId()).isEqualTo("job-p.local.site-1");
    assertThat(local.job().subJob().sites()).containsExactly("site-1");
    assertThat(local.job().subJob().parentJobId()).isEqualTo("job-p");
    assertThat(local.job().spec().minSites()).isEqualTo(1);
    assertThat(local.job().spec().secureAggregation()).isFalse();
    assertThat(local.job().statistics()).isEqualTo(STATISTICS);
    assertThat(local.job().offeredTo("site-1")).isTrue();
    assertThat(local.job().offeredTo("site-0")).isFalse();
    ProtocolJobs.Planned loso = plan.get(3);
    assertThat(loso.job().spec().jobId()).isEqualTo("job-p.loso.site-0");
    assertThat(loso.job().subJob().sites()).containsExactly("site-1", "site-2");
    assertThat(loso.job().spec().minSites()).isEqualTo(2);
    assertThat(loso.job().spec().secureAggregation()).isTrue();
    for (ProtocolJobs.Planned p : plan) {
      JobSpec sub = p.job().spec();
      assertThat(p.impossible()).isNull();
      assertThat(sub.rounds()).isEqualTo(4);
      assertThat(sub.localSteps()).isEqualTo(3);
      assertThat(sub.seed()).isEqualTo(spec().seed());
      assertThat(sub.strategy()).isEqualTo(StrategyKind.FEDADAM);
    }
  }

  @Test
  void plan_clientLevelDp_neverTrainsASiteAlone_andTwoSitesGiveUnmaskedLoso() {
    JobRecord client = parent(spec().withPrivacy(DifferentialPrivacy.client(5)));
    List<ProtocolJobs.Planned> three = ProtocolJobs.plan(client, SITES);
    assertThat(three.subList(0, 3))
        .allSatisfy(p -> assertThat(p.impossible()).contains("client-level DP"));
    assertThat(three.subList(3, 6)).allSatisfy(p -> assertThat(p.impossible()).isNull());

    List<ProtocolJobs.Planned> two = ProtocolJobs.plan(client, List.of("site-0", "site-1"));
    assertThat(two).extracting(ProtocolJobs.Planned::method).hasSize(4);
    assertThat(two).allSatisfy(p -> assertThat(p.impossible()).contains("client-level DP"));

    assertThat(ProtocolJobs.plan(parent(spec()), List.of("site-0")))
        .extracting(ProtocolJobs.Planned::method)
        .containsExactly("local:site-0");
    assertThat(ProtocolJobs.plan(parent(spec()).withProtocol(EvaluationProtocol.FEDERATED), SITES))
        .isEmpty();
  }

  private static InProcessFederation federation(String name, FederationStore store)
      throws InterruptedException {
    InProcessFederation federation = new InProcessFederation(name, store, new PlainAggregation());
    for (int i = 0; i < SITES.size(); i++) {
      federation.addSite(
          SITES.get(i),
          SitePolicy.acceptAll("default"),
          LeastSquaresTrainer.synthetic(TRUE_W, 40 + 30 * i, 0.3 * i, i));
    }
    federation.awaitSites(Duration.ofSeconds(5));
    return federation;
  }

  @Test
  void restartedCoordinator_findsTrainedSubJobs_resumesTheInterruptedOne_retriesNoFailedOne()
      throws Exception {
    // plain aggregation here: secure aggregation needs enrolled identities (other tests cover it)
    JobSpec spec = spec().withSecureAggregation(false);
    FederationStore store = FederationStore.inMemory();
    try (InProcessFederation federation = federation("protocol-restart", store)) {
      federation
          .coordinator()
          .jobs()
          .submit(
              new JobRecord(spec, JobStatus.SUBMITTED, Map.of(), "")
                  .withProtocol(EvaluationProtocol.FULL),
              new double[TRUE_W.length]);
      JobRecord done = federation.coordinator().run("job-p");
      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      done = done.withStatistics(STATISTICS);
      store.jobs().save(done);

      List<ProtocolJobs.Planned> plan = ProtocolJobs.plan(done, SITES);
      // the first coordinator trained local:site-0, was two rounds into local:site-1 when it
      // stopped, and local:site-2 had failed
      JobRunner first = federation.coordinator().jobs();
      first.submit(plan.get(0).job(), new double[TRUE_W.length]);
      assertThat(first.run("job-p.local.site-0").status()).isEqualTo(JobStatus.COMPLETED);
      first.submit(plan.get(1).job(), new double[TRUE_W.length]);
      assertThat(first.runUntil("job-p.local.site-1", 2).status()).isEqualTo(JobStatus.RUNNING);
      store.jobs().save(plan.get(2).job().with(JobStatus.FAILED, "quorum lost in round 1"));
      store
          .rounds()
          .storeInitialModel(
              new org.transitionnet.federation.store.ModelVersion(
                  "job-p.local.site-2",
                  0,
                  new double[TRUE_W.length],
                  org.transitionnet.federation.store.OptimizerState.NONE,
                  java.time.Instant.EPOCH));
      List<RoundRecord> localZero = store.rounds().rounds("job-p.local.site-0");

      Coordinator restarted = federation.restartCoordinator();
      federation.awaitSites(Duration.ofSeconds(10));
      List<TrainedMethod> trained =
          ProtocolJobs.of(restarted).train(done, SITES, (method, i, n) -> {});

      assertThat(trained).extracting(TrainedMethod::name).hasSize(6);
      assertThat(store.rounds().rounds("job-p.local.site-0")).isEqualTo(localZero);
      assertThat(store.rounds().rounds("job-p.local.site-1"))
          .extracting(RoundRecord::round)
          .containsExactly(1, 2, 3, 4);
      assertThat(trained.get(1).model().version()).isEqualTo(4);
      assertThat(trained.get(2).model()).isNull();
      assertThat(trained.get(2).failure())
          .contains("job-p.local.site-2 FAILED")
          .contains("quorum lost");
      assertThat(store.rounds().rounds("job-p.local.site-2")).isEmpty();
      for (TrainedMethod loso : trained.subList(3, 6)) {
        assertThat(loso.failure()).as(loso.name()).isNull();
        for (RoundRecord round : store.rounds().rounds(loso.jobId())) {
          assertThat(round.participants()).hasSize(2).doesNotContain(loso.name().substring(5));
        }
      }
    }
  }

  @Test
  void aJobIdTakenByAnotherJob_isReportedNotOverwritten() throws Exception {
    FederationStore store = FederationStore.inMemory();
    try (InProcessFederation federation = federation("protocol-taken", store)) {
      JobRecord done = parent(spec().withSecureAggregation(false));
      store.jobs().save(done);
      store
          .rounds()
          .storeInitialModel(
              new org.transitionnet.federation.store.ModelVersion(
                  "job-p",
                  0,
                  new double[TRUE_W.length],
                  org.transitionnet.federation.store.OptimizerState.NONE,
                  java.time.Instant.EPOCH));
      // a researcher's own job happens to have the id of local:site-0's sub-job
      federation
          .coordinator()
          .submit(spec().withJobId("job-p.local.site-0").withMinSites(1), new double[5]);

      List<TrainedMethod> trained =
          ProtocolJobs.of(federation.coordinator())
              .train(done, List.of("site-0"), (method, i, n) -> {});

      assertThat(trained)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.model()).isNull();
                assertThat(m.failure()).contains("is taken by a job that is not this protocol's");
              });
      assertThat(store.jobs().find("job-p.local.site-0").orElseThrow().subJob()).isNull();
    }
  }
}
