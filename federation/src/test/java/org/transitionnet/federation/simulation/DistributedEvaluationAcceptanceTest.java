package org.transitionnet.federation.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.benchmark.Evaluation;
import org.transitionnet.crosssite.CrossSiteMatrix;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.evaluation.SufficientStatistics;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.metrics.Metric;
import org.transitionnet.metrics.MetricsReport;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.proto.v1.EvaluationResult;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;

/**
 * Acceptance of distributed evaluation (§7): a FedAvg job on pbc over three non-IID sites, every
 * method evaluated by the sites, which return only sufficient statistics.
 */
class DistributedEvaluationAcceptanceTest {

  private static final int K = 10;
  private static Benchmark benchmark;
  private static BenchmarkOptions options;
  private static SimulatedEvaluation evaluation;
  private static final List<SiteMessage> outbound = Collections.synchronizedList(new ArrayList<>());
  private static Leaderboard board;

  @BeforeAll
  static void runJob() throws Exception {
    PbcTrial pbc = PbcTrial.load();
    List<TransitionRecord> records = pbc.records();
    Task task = pbc.task();
    Map<String, List<TransitionRecord>> sites =
        SitePartition.simulate(records, 3, "dirichlet:1.0", 3);
    options =
        new BenchmarkOptions(
            3, K, ModelConfig.defaults().withSeed(3), 1, SplitRule.parse("subject"));
    benchmark = new Benchmark(task, sites, options, BenchmarkProgress.SILENT);
    evaluation = new SimulatedEvaluation(benchmark, options);
    for (SiteSplit s : benchmark.splits()) {
      evaluation.agent(s.site()).tap(outbound::add);
    }
    board =
        FederatedSimulation.jobLeaderboard(
            benchmark,
            options,
            FederatedSimulation.Settings.of(StrategyKind.FEDAVG, 2, 0),
            BenchmarkProgress.SILENT,
            evaluation);
  }

  @AfterAll
  static void close() throws Exception {
    evaluation.close();
  }

  @Test
  void jobLeaderboard_holdsEverySection7MethodWithEveryMetricPerSitePooledAndWorst()
      throws Exception {
    List<String> sites = benchmark.splits().stream().map(SiteSplit::site).toList();
    String json = CrossSiteMatrix.of(board).addTo(LeaderboardJson.write(board));
    Leaderboard read = LeaderboardJson.read(json);

    List<String> expected = new ArrayList<>(List.of("no-change", "mean-change", "linear"));
    sites.forEach(s -> expected.add("local:" + s));
    expected.add("fedavg");
    sites.forEach(s -> expected.add("loso:" + s));
    assertThat(read.methods()).extracting(MethodEntry::name).containsExactlyElementsOf(expected);
    List<String> keys = new ArrayList<>(sites);
    keys.add(MethodEntry.POOLED);
    keys.add(MethodEntry.WORST_SITE);
    for (MethodEntry method : read.methods()) {
      assertThat(method.results().keySet()).as(method.name()).containsExactlyElementsOf(keys);
      for (String key : keys) {
        SiteResult r = method.results().get(key);
        assertThat(r.perTarget().keySet()).containsExactlyElementsOf(read.targets());
        assertThat(r.macro().keySet()).containsExactlyElementsOf(Metric.keys());
        for (Metric metric : Metric.values()) {
          if (metric != Metric.EFFECT_ERROR) { // pbc compares no randomized arms
            assertThat(r.macro().get(metric.key()))
                .as(method.name() + " " + key + " " + metric.key())
                .isNotNull();
          }
        }
      }
    }
    CrossSiteMatrix cross = CrossSiteMatrix.from(json).orElseThrow();
    assertThat(cross.trainedAt()).isEqualTo(sites);
    assertThat(cross.cell("mae", sites.get(0), sites.get(1))).isPresent();
  }

  @Test
  void pooledMetrics_equalThoseOfAPooledEvaluationOfTheSamePredictions() throws Exception {
    TransitionModel model = TransitionModel.create(benchmark.encoder(), options.model());
    List<TransitionRecord> pooledTest = new ArrayList<>();
    benchmark.splits().forEach(s -> pooledTest.addAll(s.test()));

    MethodEntry distributed =
        evaluation.evaluate(
            "m", "federated", 1, new EvaluationSubject.Model("m", 1, model.parameters()));
    MetricsReport pooled = Evaluation.evaluate(model, benchmark.encoder(), pooledTest).report(K);

    assertSameMetrics(distributed.results().get(MethodEntry.POOLED), pooled, false);
    // effect_error: a site leaves out its effect sums where an arm is below k, so the pooled
    // value is that of the sites whose arms passed k
    for (String target : pooled.perTarget().keySet()) {
      List<TransitionRecord> passed = new ArrayList<>();
      for (SiteSplit s : benchmark.splits()) {
        if (distributed.results().get(s.site()).perTarget().get(target).get("effect_error")
            != null) {
          passed.addAll(s.test());
        }
      }
      Double expected =
          Evaluation.evaluate(model, benchmark.encoder(), passed)
              .report(K)
              .perTarget()
              .get(target)
              .get("effect_error");
      Double got =
          distributed.results().get(MethodEntry.POOLED).perTarget().get(target).get("effect_error");
      if (expected == null) {
        assertThat(got).as(target).isNull();
      } else {
        assertThat(got).as(target).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
      }
    }
    // per site, the sites' statistics give exactly the benchmark's in-process numbers
    MethodEntry inProcess = benchmark.entry("m", "federated", model);
    for (SiteSplit s : benchmark.splits()) {
      assertThat(distributed.results().get(s.site())).isEqualTo(inProcess.results().get(s.site()));
    }
  }

  @Test
  void everyOutboundEvaluationMessage_carriesOnlyPerTargetSums() {
    List<SiteMessage> sent;
    synchronized (outbound) {
      sent = List.copyOf(outbound);
    }
    List<EvaluationResult> results =
        sent.stream()
            .filter(SiteMessage::hasEvaluationResult)
            .map(SiteMessage::getEvaluationResult)
            .toList();
    // 3 baselines + 3 local + fedavg + 3 loso, at each of 3 sites
    assertThat(results.size()).isGreaterThanOrEqualTo(30);
    assertThat(sent)
        .allSatisfy(
            m ->
                assertThat(m.getBodyCase())
                    .isIn(SiteMessage.BodyCase.EVALUATION_RESULT, SiteMessage.BodyCase.HEARTBEAT));
    int targets = benchmark.encoder().targetCount();
    List<Integer> testSizes = benchmark.splits().stream().map(s -> s.test().size()).toList();
    assertThat(testSizes.stream().distinct().count()).as("sites differ in size").isGreaterThan(1);
    Map<List<Integer>, List<Integer>> sizesByShape = new java.util.HashMap<>();
    for (EvaluationResult r : results) {
      assertThat(r.getFailure()).isEmpty();
      assertThat(r.getTargetsCount()).isEqualTo(targets);
      r.getTargetsList()
          .forEach(
              t -> {
                assertThat(t.getSumsCount())
                    .isLessThanOrEqualTo(SufficientStatistics.SUM_KEYS.size());
                assertThat(SufficientStatistics.SUM_KEYS).containsAll(t.getSumsMap().keySet());
              });
      // no field of the message repeats per record: only targets repeat, and they are fixed
      r.getAllFields()
          .forEach(
              (field, value) -> {
                if (field.isRepeated()) {
                  assertThat(field.getName()).isEqualTo("targets");
                }
              });
      // shape: how many sums each target carries (fewer where a cell or arm was suppressed)
      List<Integer> shape = r.getTargetsList().stream().map(t -> t.getSumsCount()).toList();
      sizesByShape.computeIfAbsent(shape, x -> new ArrayList<>()).add(r.getSerializedSize());
    }
    // sizes independent of test-set size: only varints of n and the evaluation id may differ
    sizesByShape.forEach(
        (shape, sizes) ->
            assertThat(java.util.Collections.max(sizes) - java.util.Collections.min(sizes))
                .as("sizes of messages shaped " + shape)
                .isLessThanOrEqualTo(2 * targets + 4));
  }

  private static void assertSameMetrics(
      SiteResult actual, MetricsReport expected, boolean withEffect) {
    for (String target : expected.perTarget().keySet()) {
      expected
          .perTarget()
          .get(target)
          .forEach(
              (metric, value) -> {
                if (!withEffect && metric.equals("effect_error")) {
                  return;
                }
                Double got = actual.perTarget().get(target).get(metric);
                if (value == null) {
                  assertThat(got).as(target + " " + metric).isNull();
                } else {
                  assertThat(got)
                      .as(target + " " + metric)
                      .isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value))));
                }
              });
    }
  }
}
