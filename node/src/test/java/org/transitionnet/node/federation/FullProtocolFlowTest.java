package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.crosssite.CrossSiteMatrix;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.coordinator.ProtocolJobs;
import org.transitionnet.federation.evaluation.JobLeaderboard;
import org.transitionnet.federation.evaluation.TrainedMethod;
import org.transitionnet.federation.job.EvaluationProtocol;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.privacy.EvaluationPrivacy;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.TargetStatistics;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.Task;

/**
 * The full §7 protocol as a real deployment runs it, with the node's own trainer and evaluator over
 * in-process gRPC: a securely aggregated job on three sites, then {@code local:<site>} and {@code
 * loso:<site>} trained as sub-jobs at exactly their sites, and every method evaluated at every
 * site. Site C requires secure aggregation, so it refuses to train {@code local:site-c} (one site
 * has nobody to mask with) and never sends a plain update; that method reports {@code null} with
 * the refusal. Every evaluation message that leaves a site is aggregates over at least k records.
 */
class FullProtocolFlowTest {

  private static final int K = 10;
  private static final String TASK = "pbc-labs-v1";
  private static final List<String> SITES = List.of("site-a", "site-b", "site-c");
  private static final EvaluationPrivacy SITE_B_RELEASE = EvaluationPrivacy.gaussian(8, 1e-5, 3);

  @TempDir Path tasksDir;

  @Test
  void fullProtocol_trainsLocalAndLosoAtTheirSites_leaderboardHasEveryMethodAndTheMatrix()
      throws Exception {
    Path dir = Path.of("../datasets/pbc");
    Mapping mapping = Mapping.parse(Files.readString(dir.resolve("pbc-mapping.json")));
    List<TransitionRecord> records;
    try (InputStream in = Files.newInputStream(dir.resolve("pbcseq.csv"))) {
      records = new CsvImporter(mapping).read(in, "pbcseq.csv").records();
    }
    Task task = MappingTask.fromMapping(TASK, mapping, records);
    new ObjectMapper().writeValue(tasksDir.resolve(TASK + ".json").toFile(), task);
    Map<String, List<TransitionRecord>> data = SitePartition.simulate(records, 3, "iid", 5);
    assertThat(data.keySet()).containsExactlyElementsOf(SITES);

    ModelConfig config = ModelConfig.defaults().withHiddenLayers(List.of(8)).withSeed(11);
    double[] initial =
        TransitionModel.create(
                new FeatureEncoder(task, FeatureStatistics.of(task, List.of())), config)
            .parameters();
    JobSpec spec =
        new JobSpec(
            "job-full",
            "default",
            "researcher",
            TASK,
            "transition-mlp:hidden=8",
            StrategyKind.FEDAVG,
            2,
            5,
            0.003,
            0,
            0,
            3,
            Duration.ofMinutes(2),
            true,
            11,
            initial.length);
    org.transitionnet.proto.v1.JobSpec offered = ProtoMessages.toProto(spec);

    Map<String, List<SiteMessage>> outbound = new ConcurrentHashMap<>();
    SitePrivacyLedger siteBLedger =
        SitePrivacyLedger.inMemory("default", new PrivacyBudget(1000, 1e-5));
    try (InProcessFederation federation =
        InProcessFederation.withSecureAggregation(
            "full-protocol", new SecureAggregation.Audit() {})) {
      federation.coordinator().withStatisticsStep(K);
      for (String site : SITES) {
        StoredSplits splits =
            new StoredSplits(
                site, tasksDir, t -> Optional.of("pbc-" + site), dataset -> data.get(site));
        SitePolicy policy =
            site.equals("site-c")
                ? new SitePolicy("default", Set.of(), Set.of(), Set.of(), true)
                : SitePolicy.acceptAll("default");
        SiteAgent agent =
            federation.addSite(
                site,
                policy,
                new StoredTransitionsTrainer(
                    splits,
                    jobId -> Optional.of(offered),
                    () -> SitePrivacyLedger.inMemory("default", new PrivacyBudget(10, 1e-5))),
                new StoredTransitionsEvaluator(splits, jobId -> Optional.of(offered)));
        agent.withStatistics(new StoredStatistics(splits));
        if (site.equals("site-b")) {
          // site B's policy: differentially private evaluation releases, charged to its ledger
          agent.withPrivacyLedger(siteBLedger).withEvaluationPrivacy(SITE_B_RELEASE);
        }
        List<SiteMessage> sent = new CopyOnWriteArrayList<>();
        outbound.put(site, sent);
        agent.tap(sent::add);
      }
      federation.awaitSites(Duration.ofSeconds(10));
      federation
          .coordinator()
          .jobs()
          .submit(
              new JobRecord(spec, JobStatus.SUBMITTED, Map.of(), "")
                  .withProtocol(EvaluationProtocol.FULL),
              initial);
      JobRecord done = federation.coordinator().run(spec.jobId());
      assertThat(done.status()).as(done.failure()).isEqualTo(JobStatus.COMPLETED);
      assertThat(done.protocol()).isEqualTo(EvaluationProtocol.FULL);

      ProtocolJobs protocol = ProtocolJobs.of(federation.coordinator());
      List<String> trainingOrder = new ArrayList<>();
      List<TrainedMethod> trained =
          protocol.train(
              done, SITES, (method, i, n) -> trainingOrder.add(method + " " + i + "/" + n));
      assertThat(trainingOrder)
          .containsExactly(
              "local:site-a 1/6",
              "local:site-b 2/6",
              "local:site-c 3/6",
              "loso:site-a 4/6",
              "loso:site-b 5/6",
              "loso:site-c 6/6");

      // each sub-job trained at exactly its sites, from the job's initial model and statistics
      Map<String, List<String>> expectedSites =
          Map.of(
              "local:site-a", List.of("site-a"),
              "local:site-b", List.of("site-b"),
              "loso:site-a", List.of("site-b", "site-c"),
              "loso:site-b", List.of("site-a", "site-c"),
              "loso:site-c", List.of("site-a", "site-b"));
      for (TrainedMethod method : trained) {
        JobRecord sub = federation.store().jobs().find(method.jobId()).orElseThrow();
        assertThat(sub.subJob().parentJobId()).isEqualTo(spec.jobId());
        assertThat(sub.subJob().method()).isEqualTo(method.name());
        assertThat(sub.statistics()).isEqualTo(done.statistics());
        assertThat(federation.store().rounds().model(method.jobId(), 0).orElseThrow().parameters())
            .containsExactly(initial);
        if (method.name().equals("local:site-c")) {
          assertThat(method.model()).isNull();
          assertThat(method.failure())
              .contains("site-c refused (secure_aggregation)")
              .contains("only takes part with secure aggregation");
          continue;
        }
        assertThat(method.failure()).as(method.name()).isNull();
        assertThat(method.model().version()).isEqualTo(2);
        List<RoundRecord> rounds = federation.store().rounds().rounds(method.jobId());
        assertThat(rounds).hasSize(2);
        for (RoundRecord round : rounds) {
          assertThat(round.participants())
              .as(method.name())
              .containsExactlyElementsOf(expectedSites.get(method.name()));
          assertThat(round.reported()).containsExactlyElementsOf(round.participants());
        }
        // one site alone cannot be masked; two or more sites are, as the job asks
        assertThat(method.secureAggregation()).isEqualTo(method.kind().equals("loso"));
      }

      // trained once: asking again (as a restarted coordinator does) reruns nothing
      int jobs = federation.store().jobs().all().size();
      List<TrainedMethod> again = protocol.train(done, SITES, (method, i, n) -> {});
      assertThat(federation.store().jobs().all()).hasSize(jobs);
      for (int i = 0; i < trained.size(); i++) {
        assertThat(again.get(i).failure()).isEqualTo(trained.get(i).failure());
        if (trained.get(i).model() != null) {
          assertThat(again.get(i).model().parameters())
              .containsExactly(trained.get(i).model().parameters());
        }
      }

      Leaderboard board =
          new JobLeaderboard(federation.coordinator().evaluations(), K, Duration.ofMinutes(2))
              .evaluate(
                  done,
                  task,
                  federation.store().rounds().latestModel(spec.jobId()).orElseThrow(),
                  SITES,
                  null,
                  trained,
                  (method, n, total) -> {});
      assertThat(board.methods())
          .extracting(MethodEntry::name)
          .containsExactly(
              "no-change",
              "mean-change",
              "linear",
              "local:site-a",
              "local:site-b",
              "local:site-c",
              "fedavg",
              "loso:site-a",
              "loso:site-b",
              "loso:site-c");
      assertThat(board.methods())
          .extracting(MethodEntry::kind)
          .containsExactly(
              "baseline",
              "baseline",
              "baseline",
              "local",
              "local",
              "local",
              "federated",
              "loso",
              "loso",
              "loso");
      for (MethodEntry method : board.methods()) {
        List<String> columns = new ArrayList<>(SITES);
        columns.add(MethodEntry.POOLED);
        for (String column : columns) {
          SiteResult result = method.results().get(column);
          if (method.name().equals("local:site-c")) {
            assertThat(result.macro().get("mae")).as("untrained method at " + column).isNull();
          } else {
            assertThat(result.macro().get("mae")).as(method.name() + " at " + column).isNotNull();
          }
        }
      }
      assertThat(board.method("fedavg").orElseThrow().secureAggregation()).isTrue();
      assertThat(board.method("loso:site-b").orElseThrow().rounds()).isEqualTo(2);
      @SuppressWarnings("unchecked")
      Map<String, Object> failures =
          (Map<String, Object>) board.settings().get("evaluation_failures");
      assertThat(failures).containsOnlyKeys("local:site-c");
      assertThat(board.settings().get("protocol")).isEqualTo("full");
      // site B released noised sums for every method it evaluated, each charged once
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> releases =
          (Map<String, Map<String, Object>>) board.settings().get("evaluation_release");
      assertThat(releases).containsOnlyKeys("site-b");
      assertThat(releases.get("site-b"))
          .containsEntry("mechanism", "gaussian")
          .containsEntry("epsilon_per_release", 8.0)
          .containsEntry("clip_sds", 3.0);
      long noisedReleases =
          outbound.get("site-b").stream()
              .filter(m -> m.hasEvaluationResult() && m.getEvaluationResult().hasRelease())
              .count();
      assertThat(noisedReleases).isEqualTo(9); // 10 methods, local:site-c untrained
      assertThat(siteBLedger.entries()).hasSize(9);
      assertThat(siteBLedger.entries())
          .allMatch(e -> e.charge().level() == PrivacyLedger.Level.RECORD)
          .allMatch(e -> e.jobId().equals(spec.jobId()));
      assertThat(outbound.get("site-a"))
          .filteredOn(SiteMessage::hasEvaluationResult)
          .noneMatch(m -> m.getEvaluationResult().hasRelease());

      // the cross-site matrix: local:<site> rows evaluated at every site
      CrossSiteMatrix matrix = CrossSiteMatrix.of(board);
      assertThat(matrix.trainedAt()).containsExactlyElementsOf(SITES);
      assertThat(matrix.evaluatedAt()).containsExactlyElementsOf(SITES);
      List<List<Double>> mae = matrix.macro().get("mae");
      for (int row = 0; row < 2; row++) {
        assertThat(mae.get(row)).doesNotContainNull();
      }
      assertThat(mae.get(2)).containsOnlyNulls();
      String json = matrix.addTo(LeaderboardJson.write(board));
      assertThat(json).contains("\"cross_site\"").contains("\"local:site-c\"");
    }

    // site C required secure aggregation: no plain update ever left it
    assertThat(outbound.get("site-c")).noneMatch(m -> m.hasUpdateHeader() || m.hasUpdateChunk());
    assertThat(outbound.get("site-a")).anyMatch(SiteMessage::hasUpdateChunk);
    // every evaluation message: aggregates over at least k records, never a record's value
    for (String site : SITES) {
      Set<Double> values = SiteEvaluationFlowTest.recordValues(task, data.get(site));
      int evaluations = 0;
      for (SiteMessage message : outbound.get(site)) {
        if (!message.hasEvaluationResult()) {
          continue;
        }
        evaluations++;
        for (TargetStatistics cell : message.getEvaluationResult().getTargetsList()) {
          assertThat(cell.getN()).isGreaterThanOrEqualTo(K);
          for (Map.Entry<String, Double> sum : cell.getSumsMap().entrySet()) {
            if (sum.getKey().equals("treated_n") || sum.getKey().equals("control_n")) {
              assertThat(sum.getValue()).as(sum.getKey()).isGreaterThanOrEqualTo(K);
            } else if (sum.getKey().endsWith("_change")) {
              // a sum of observed changes stays on the data's own 0.1 grid and can equal some
              // recorded value by chance (14.0 here once); it is a sum over an arm of >= k records
              continue;
            } else if (!(sum.getKey().contains("_hits") || sum.getKey().endsWith("_n"))) {
              assertThat(values)
                  .as("sum %s of %s at %s", sum.getKey(), cell.getTarget(), site)
                  .doesNotContain(sum.getValue() == 0 ? Double.NaN : sum.getValue());
            }
          }
        }
      }
      // baselines, fedavg and the five trained protocol methods, each evaluated at every site
      assertThat(evaluations).as(site).isEqualTo(3 + 1 + 5);
    }
  }
}
