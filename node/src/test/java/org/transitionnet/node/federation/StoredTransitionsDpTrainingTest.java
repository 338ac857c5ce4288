package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.RoundPrivacy;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.proto.v1.JobSpec;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;

/** A record-level DP job on the node's stored transitions: DP-SGD, the ledger, the site budget. */
class StoredTransitionsDpTrainingTest {

  private static final String TASK = "pbc-labs-v1";
  @TempDir static Path tasks;
  private static List<TransitionRecord> records;
  private static int parameterCount;

  @BeforeAll
  static void pbcTask() throws Exception {
    Path dir = Path.of("../datasets/pbc");
    Mapping mapping = Mapping.parse(Files.readString(dir.resolve("pbc-mapping.json")));
    try (InputStream in = Files.newInputStream(dir.resolve("pbcseq.csv"))) {
      records = new CsvImporter(mapping).read(in, "pbcseq.csv").records().subList(0, 400);
    }
    Task task = MappingTask.fromMapping(TASK, mapping, records);
    new ObjectMapper().writeValue(tasks.resolve(TASK + ".json").toFile(), task);
    BenchmarkOptions options =
        new BenchmarkOptions(
            1, 10, ModelConfig.defaults().withSeed(5), 1, SplitRule.parse("subject"));
    Benchmark benchmark =
        new Benchmark(task, java.util.Map.of("s", records), options, BenchmarkProgress.SILENT);
    parameterCount =
        TransitionModel.create(
                benchmark.encoder(),
                ModelConfig.defaults().withHiddenLayers(List.of(8)).withSeed(5))
            .parameterCount();
  }

  private static StoredTransitionsTrainer trainer(SitePrivacyLedger ledger) {
    JobSpec spec =
        JobSpec.newBuilder()
            .setJobId("dp-job")
            .setTask(TASK)
            .setModelSpec("transition-mlp:hidden=8")
            .setSeed(5)
            .build();
    StoredSplits splits =
        new StoredSplits("site-a", tasks, task -> Optional.of("pbc"), dataset -> records);
    return new StoredTransitionsTrainer(splits, id -> Optional.of(spec), () -> ledger);
  }

  private static RoundPlan plan(int round) {
    return new RoundPlan(
        new RoundId("dp-job", round, 1),
        round - 1,
        5,
        0.003,
        0,
        round,
        null,
        new RoundPrivacy(DifferentialPrivacy.record(2.0), 2, 0, 0));
  }

  @Test
  void recordLevelRounds_trainWithDpSgd_chargeTheLedger_reportTheEpsilon() throws Exception {
    SitePrivacyLedger ledger = SitePrivacyLedger.inMemory("c", new PrivacyBudget(10, 1e-5));
    StoredTransitionsTrainer trainer = trainer(ledger);
    double[] global = new double[parameterCount];

    LocalUpdate first = trainer.train(global, plan(1));
    LocalUpdate second = trainer.train(first.parameters(), plan(2));

    assertThat(first.dpEpsilonSpent()).isPositive().isLessThan(second.dpEpsilonSpent());
    assertThat(second.dpEpsilonSpent()).isLessThanOrEqualTo(2.0 * (1 + 1e-6));
    assertThat(second.loss()).as("no loss released outside the ledger").isZero();
    assertThat(ledger.entries()).hasSize(2);
    assertThat(ledger.entries().get(0).charge().level()).isEqualTo(PrivacyLedger.Level.RECORD);
    assertThat(ledger.spent(PrivacyLedger.Level.RECORD).epsilon())
        .isCloseTo(second.dpEpsilonSpent(), org.assertj.core.data.Offset.offset(1e-9));
    // the job planned two rounds: a third would exceed its epsilon
    assertThatThrownBy(() -> trainer.train(second.parameters(), plan(3)))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("budget");
    assertThat(ledger.entries()).hasSize(2);
  }

  @Test
  void aRoundPastTheSitesBudget_isRefusedAndNothingIsCharged() {
    SitePrivacyLedger ledger = SitePrivacyLedger.inMemory("c", new PrivacyBudget(0.05, 1e-5));
    StoredTransitionsTrainer trainer = trainer(ledger);

    assertThatThrownBy(() -> trainer.train(new double[parameterCount], plan(1)))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("site privacy budget")
        .hasMessageContaining("0.0500");
    assertThat(ledger.entries()).isEmpty();
  }
}
