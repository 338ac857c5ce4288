package org.transitionnet.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.metrics.Metric;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.Task;

/** The benchmark protocol on the shipped pbc trial, with a tiny model so it stays fast. */
class BenchmarkTest {

  private static Task task;
  private static List<TransitionRecord> records;

  @BeforeAll
  static void importPbc() throws Exception {
    Mapping m = Mapping.read(Path.of("../datasets/pbc/pbc-mapping.json"));
    try (InputStream in = new FileInputStream("../datasets/pbc/pbcseq.csv")) {
      records = new CsvImporter(m).read(in, "pbcseq.csv").records();
    }
    task = MappingTask.fromMapping("pbc-labs-v1", m, records);
  }

  private static Leaderboard run(long seed) {
    BenchmarkOptions options =
        BenchmarkOptions.defaults(seed)
            .withEpochs(1)
            .withModel(ModelConfig.defaults().withSeed(seed).withHiddenLayers(List.of(8)));
    return new Benchmark(
            task,
            SitePartition.simulate(records, 3, "iid", seed),
            options,
            BenchmarkProgress.SILENT)
        .run();
  }

  @Test
  void pbc_everyMetricIsPresentForEveryMethodPerSitePooledAndWorstSite() {
    assertThat(task.comparesArms()).isTrue();
    assertThat(task.treatedAction()).isEqualTo("drug:D-penicillamine");
    assertThat(task.controlAction()).isEqualTo("placebo:placebo");
    Leaderboard lb = run(1);
    assertThat(lb.methods())
        .extracting(MethodEntry::name)
        .containsExactly(
            "no-change",
            "mean-change",
            "linear",
            "pooled",
            "local:site-a",
            "local:site-b",
            "local:site-c");
    for (MethodEntry m : lb.methods()) {
      assertThat(m.results().keySet())
          .containsExactly("site-a", "site-b", "site-c", "pooled", "worst_site");
      m.results()
          .forEach(
              (where, r) -> {
                assertThat(r.macro().keySet()).containsExactlyElementsOf(Metric.keys());
                assertThat(r.macro().values()).as("%s %s", m.name(), where).doesNotContainNull();
                assertThat(r.perTarget().keySet()).containsExactlyElementsOf(lb.targets());
              });
    }
    assertThat(lb.method("no-change").orElseThrow().results().get("pooled").macro().get("skill"))
        .isEqualTo(0.0);
  }

  @Test
  void sameSeed_byteIdenticalLeaderboardExceptCreated() {
    String a = LeaderboardJson.write(run(3)).replaceAll("\"created\" : \"[^\"]*\"", "");
    String b = LeaderboardJson.write(run(3)).replaceAll("\"created\" : \"[^\"]*\"", "");
    assertThat(a).isEqualTo(b);
  }
}
