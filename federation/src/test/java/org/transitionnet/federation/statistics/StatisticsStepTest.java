package org.transitionnet.federation.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;

class StatisticsStepTest {

  private static final double[] TRUE_W = {1.0, -1.0};
  private static final List<String> SLOTS = List.of("input:age", "interval_days", "target:y");
  private static final int K = 5;

  private InProcessFederation federation;
  private final Map<String, List<RoundPlan>> plans = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> statisticsCalls = new ConcurrentHashMap<>();

  @AfterEach
  void tearDown() throws InterruptedException {
    if (federation != null) {
      federation.close();
    }
  }

  private static SlotStatistics stats(double[] count, double[] sum, double[] sumSquares) {
    return new SlotStatistics(SLOTS, count, sum, sumSquares);
  }

  private static final Map<String, SlotStatistics> OWN =
      Map.of(
          "site-a",
              stats(
                  new double[] {40, 50, 50},
                  new double[] {2400, 900, 61},
                  new double[] {150000, 20000, 90}),
          "site-b",
              stats(
                  new double[] {20, 20, 19},
                  new double[] {1300, 410, 33},
                  new double[] {90000, 9000, 70}),
          // only 3 interval observations: below k, so site-c must not reveal that slot
          "site-c",
              stats(
                  new double[] {12, 3, 12},
                  new double[] {700, 77, 20},
                  new double[] {42000, 2100, 40}));

  private void addSite(String site, boolean computesStatistics) {
    plans.put(site, new CopyOnWriteArrayList<>());
    statisticsCalls.put(site, new AtomicInteger());
    LeastSquaresTrainer inner = LeastSquaresTrainer.synthetic(TRUE_W, 30, 0, site.hashCode());
    LocalTrainer recording =
        (global, plan) -> {
          plans.get(site).add(plan);
          return inner.train(global, plan);
        };
    var agent = federation.addSite(site, SitePolicy.acceptAll("default"), recording);
    if (computesStatistics) {
      agent.withStatistics(
          (jobId, task, seed) -> {
            statisticsCalls.get(site).incrementAndGet();
            return OWN.get(site);
          });
    }
  }

  private JobSpec job(int minSites) {
    return JobSpec.of("job-s", StrategyKind.FEDAVG, 2, TRUE_W.length)
        .withMinSites(minSites)
        .withRoundTimeout(Duration.ofSeconds(20));
  }

  @Test
  void pooledStatistics_areTheExactSumOfTheSites_belowKSlotsLeftOut_andReachEveryTrainTask()
      throws Exception {
    federation = new InProcessFederation("statistics");
    federation.coordinator().withStatisticsStep(K);
    for (String site : List.of("site-a", "site-b", "site-c")) {
      addSite(site, true);
    }
    federation.awaitSites(Duration.ofSeconds(5));
    federation.coordinator().submit(job(3), new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("job-s");

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    SlotStatistics expected =
        stats(
            new double[] {72, 70, 81},
            new double[] {4400, 1310, 114},
            new double[] {282000, 29000, 200});
    assertThat(done.statistics()).isEqualTo(expected);
    assertThat(federation.store().jobs().find("job-s").orElseThrow().statistics())
        .isEqualTo(expected);
    for (String site : plans.keySet()) {
      assertThat(plans.get(site)).hasSize(2);
      assertThat(plans.get(site)).allSatisfy(p -> assertThat(p.statistics()).isEqualTo(expected));
    }
  }

  @Test
  void restartedCoordinator_resumesWithTheStoredStatistics_withoutAskingAgain() throws Exception {
    federation = new InProcessFederation("statistics-restart");
    federation.coordinator().withStatisticsStep(K);
    for (String site : List.of("site-a", "site-b")) {
      addSite(site, true);
    }
    federation.awaitSites(Duration.ofSeconds(5));
    federation.coordinator().submit(job(2), new double[TRUE_W.length]);
    federation.coordinator().jobs().runUntil("job-s", 1);
    SlotStatistics pooled = federation.store().jobs().find("job-s").orElseThrow().statistics();
    assertThat(pooled).isEqualTo(OWN.get("site-a").merge(OWN.get("site-b")));

    federation.restartCoordinator().withStatisticsStep(K);
    federation.awaitSites(Duration.ofSeconds(5));
    JobRecord done = federation.coordinator().run("job-s");

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.statistics()).isEqualTo(pooled);
    assertThat(statisticsCalls.get("site-a")).hasValue(1);
    assertThat(plans.get("site-b")).hasSize(2);
    assertThat(plans.get("site-b").get(1).statistics()).isEqualTo(pooled);
  }

  @Test
  void siteThatCannotComputeStatistics_leavesTooFewSites_jobFailsNamingTheStep() throws Exception {
    federation = new InProcessFederation("statistics-missing");
    federation.coordinator().withStatisticsStep(K);
    addSite("site-a", true);
    addSite("site-b", false);
    federation.awaitSites(Duration.ofSeconds(5));
    federation.coordinator().submit(job(2), new double[TRUE_W.length]);

    JobRecord done = federation.coordinator().run("job-s");

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.failure())
        .contains("statistics step")
        .contains("site-b")
        .contains("does not compute statistics");
    assertThat(plans.get("site-a")).isEmpty();
  }

  @Test
  void suppression_zeroesEverySlotBelowTheMinimumCount() {
    SlotStatistics c = OWN.get("site-c").suppressBelow(K);
    assertThat(c.count()).containsExactly(12, 0, 12);
    assertThat(c.sum()).containsExactly(700, 0, 20);
    assertThat(c.sumSquares()).containsExactly(42000, 0, 40);
    assertThat(SlotStatistics.fromProto(c.toProto())).isEqualTo(c);
  }
}
