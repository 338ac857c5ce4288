package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.features.RecordValues;
import org.transitionnet.federation.evaluation.JobLeaderboard;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.TargetStatistics;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.Target;
import org.transitionnet.task.Task;
import org.transitionnet.task.VariableKind;

/**
 * The node's federation pieces end to end over in-process gRPC: the statistics step, training on
 * the training split with the pooled statistics, and the job's leaderboard evaluated at the sites.
 * Every statistics and evaluation message that leaves a site is inspected: aggregates over at least
 * k records, and no value equal to one of the site's record values.
 */
class SiteEvaluationFlowTest {

  private static final int K = 10;
  private static final String TASK = "pbc-labs-v1";

  @TempDir Path tasksDir;

  /**
   * @param nodeRestartedBeforeEvaluation the sites' evaluators no longer know the job's offer (as a
   *     node restarted between training and evaluation): the evaluate task's model spec alone must
   *     build the job's (non-default) model
   */
  @ParameterizedTest(name = "node restarted before evaluation: {0}")
  @ValueSource(booleans = {false, true})
  void job_thenLeaderboard_fromSufficientStatistics_noRecordValueLeavesASite(
      boolean nodeRestartedBeforeEvaluation) throws Exception {
    Path dir = Path.of("../datasets/pbc");
    Mapping mapping = Mapping.parse(Files.readString(dir.resolve("pbc-mapping.json")));
    List<TransitionRecord> records;
    try (InputStream in = Files.newInputStream(dir.resolve("pbcseq.csv"))) {
      records = new CsvImporter(mapping).read(in, "pbcseq.csv").records();
    }
    Task task = MappingTask.fromMapping(TASK, mapping, records);
    new ObjectMapper().writeValue(tasksDir.resolve(TASK + ".json").toFile(), task);
    Map<String, List<TransitionRecord>> sites = SitePartition.simulate(records, 2, "iid", 5);

    JobSpec spec =
        JobSpec.of("job-eval", StrategyKind.FEDAVG, 2, 1)
            .withOrigin("default", "researcher", TASK)
            .withTraining(5, 0.003, 0)
            .withMinSites(2)
            .withRoundTimeout(Duration.ofMinutes(2))
            .withSeed(11);
    ModelConfig config = ModelConfig.defaults().withHiddenLayers(List.of(8)).withSeed(11);
    double[] initial =
        TransitionModel.create(
                new FeatureEncoder(task, FeatureStatistics.of(task, List.of())), config)
            .parameters();
    spec =
        new JobSpec(
            spec.jobId(),
            spec.consortium(),
            spec.researcher(),
            spec.task(),
            "transition-mlp:hidden=8",
            spec.strategy(),
            spec.rounds(),
            spec.localSteps(),
            spec.learningRate(),
            spec.proximalMu(),
            spec.serverLearningRate(),
            spec.minSites(),
            spec.roundTimeout(),
            false,
            spec.seed(),
            initial.length);
    org.transitionnet.proto.v1.JobSpec offered = ProtoMessages.toProto(spec);

    List<SiteMessage> outbound = new CopyOnWriteArrayList<>();
    try (InProcessFederation federation = new InProcessFederation("node-eval")) {
      federation.coordinator().withStatisticsStep(K);
      for (String site : sites.keySet()) {
        StoredSplits splits =
            new StoredSplits(
                site, tasksDir, t -> Optional.of("pbc-" + site), dataset -> sites.get(site));
        SiteAgent agent =
            federation.addSite(
                site,
                SitePolicy.acceptAll("default"),
                new StoredTransitionsTrainer(
                    splits,
                    jobId -> Optional.of(offered),
                    () ->
                        org.transitionnet.federation.privacy.SitePrivacyLedger.inMemory(
                            "default", new org.transitionnet.security.dp.PrivacyBudget(10, 1e-5))),
                new StoredTransitionsEvaluator(
                    splits,
                    jobId ->
                        nodeRestartedBeforeEvaluation ? Optional.empty() : Optional.of(offered)));
        agent.withStatistics(new StoredStatistics(splits));
        agent.tap(outbound::add);
      }
      federation.awaitSites(Duration.ofSeconds(10));
      federation.coordinator().submit(spec, initial);
      JobRecord done = federation.coordinator().run(spec.jobId());
      assertThat(done.status()).as(done.failure()).isEqualTo(JobStatus.COMPLETED);
      assertThat(done.statistics()).isNotNull();

      List<String> progress = new ArrayList<>();
      Leaderboard board =
          new JobLeaderboard(federation.coordinator().evaluations(), K, Duration.ofMinutes(2))
              .evaluate(
                  done,
                  task,
                  federation.store().rounds().latestModel(spec.jobId()).orElseThrow(),
                  List.copyOf(sites.keySet()),
                  null,
                  (method, n, total) -> progress.add(method + " " + n + "/" + total));

      assertThat(progress)
          .containsExactly("no-change 1/4", "mean-change 2/4", "linear 3/4", "fedavg 4/4");
      assertThat(board.methods())
          .extracting(MethodEntry::name)
          .containsExactly("no-change", "mean-change", "linear", "fedavg");
      assertThat(board.settings()).doesNotContainKey("evaluation_failures");
      for (MethodEntry method : board.methods()) {
        for (String column : List.of("site-a", "site-b", MethodEntry.POOLED)) {
          SiteResult result = method.results().get(column);
          assertThat(result).as(method.name() + " at " + column).isNotNull();
          assertThat(result.macro().get("mae")).as(method.name() + " at " + column).isNotNull();
          for (String target : task.targetNames()) {
            assertThat(result.perTarget().get(target).get("mae"))
                .as(method.name() + " at " + column + " for " + target)
                .isNotNull();
          }
        }
      }
      assertThat(board.method("fedavg").orElseThrow().rounds()).isEqualTo(2);
    }

    // every statistics and evaluation message: aggregates only
    int evaluationMessages = 0;
    int statisticsMessages = 0;
    for (SiteMessage message : outbound) {
      if (message.hasEvaluationResult()) {
        evaluationMessages++;
        assertThat(message.getEvaluationResult().getFailure()).isEmpty();
        String site = message.getEvaluationResult().getSiteId();
        Set<Double> values = recordValues(task, sites.get(site));
        for (TargetStatistics cell : message.getEvaluationResult().getTargetsList()) {
          assertThat(cell.getN()).isGreaterThanOrEqualTo(K);
          for (Map.Entry<String, Double> sum : cell.getSumsMap().entrySet()) {
            double v = sum.getValue();
            if (sum.getKey().contains("_hits") || sum.getKey().endsWith("_n")) {
              // counts of records: whole numbers no larger than the cell
              assertThat(v).isBetween(0.0, (double) cell.getN());
              assertThat(v).isEqualTo(Math.rint(v));
            } else {
              assertThat(values)
                  .as("sum %s of %s at %s", sum.getKey(), cell.getTarget(), site)
                  .doesNotContain(v == 0 ? Double.NaN : v);
            }
          }
        }
      } else if (message.hasStatisticsResult()) {
        statisticsMessages++;
        String site = message.getStatisticsResult().getSiteId();
        Set<Double> values = recordValues(task, sites.get(site));
        var statistics = message.getStatisticsResult().getStatistics();
        assertThat(statistics.getCountList()).allMatch(c -> c == 0 || c >= K);
        assertThat(statistics.getSumList()).noneMatch(v -> v != 0 && values.contains(v));
        assertThat(statistics.getSumSquaresList()).noneMatch(v -> v != 0 && values.contains(v));
      } else {
        assertThat(message.getBodyCase())
            .isIn(
                SiteMessage.BodyCase.JOB_DECISION,
                SiteMessage.BodyCase.UPDATE_HEADER,
                SiteMessage.BodyCase.UPDATE_CHUNK);
      }
    }
    assertThat(statisticsMessages).isEqualTo(2);
    assertThat(evaluationMessages).isEqualTo(2 * JobLeaderboard.methodCount());
  }

  /** Every numeric value of a site's records, raw and on the task's transformed scale. */
  static Set<Double> recordValues(Task task, List<TransitionRecord> records) {
    Set<Double> values = new HashSet<>();
    for (TransitionRecord r : records) {
      for (InputVariable v : task.inputs()) {
        if (v.kind() == VariableKind.NUMERIC) {
          values.add(RecordValues.input(r, v));
        }
      }
      for (Target t : task.targets()) {
        values.add(RecordValues.followUp(r, t));
      }
      values.add(r.intervalDays());
    }
    values.remove(Double.NaN);
    return values;
  }
}
