package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.federation.evaluation.BenchmarkSiteEvaluator;
import org.transitionnet.federation.evaluation.EvaluationException;
import org.transitionnet.federation.evaluation.EvaluationScope;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.Task;

/**
 * The node's split, statistics and evaluation agree with the benchmark's (and so the simulator's):
 * the same subjects in test, pooled statistics equal to the benchmark's encoder statistics, and
 * evaluation sums equal to the library evaluator over the benchmark's own split and encoder.
 */
class StoredSplitsTest {

  private static final long SEED = 7;
  private static Task task;
  private static Map<String, List<TransitionRecord>> sites;
  private static Benchmark benchmark;

  @TempDir static Path tasksDir;

  @BeforeAll
  static void loadPbc() throws Exception {
    Path dir = Path.of("../datasets/pbc");
    Mapping mapping = Mapping.parse(Files.readString(dir.resolve("pbc-mapping.json")));
    List<TransitionRecord> records;
    try (InputStream in = Files.newInputStream(dir.resolve("pbcseq.csv"))) {
      records = new CsvImporter(mapping).read(in, "pbcseq.csv").records();
    }
    task = MappingTask.fromMapping("pbc-labs-v1", mapping, records);
    new ObjectMapper().writeValue(tasksDir.resolve("pbc-labs-v1.json").toFile(), task);
    sites = SitePartition.simulate(records, 2, "iid", 3);
    benchmark =
        new Benchmark(task, sites, BenchmarkOptions.defaults(SEED), BenchmarkProgress.SILENT);
  }

  private static StoredSplits node(String site) {
    return new StoredSplits(
        site, tasksDir, t -> Optional.of("pbc-" + site), dataset -> sites.get(site));
  }

  @Test
  void nodeSplit_isTheBenchmarksSplit_bySubject() throws Exception {
    for (SiteSplit expected : benchmark.splits()) {
      SiteSplit split = node(expected.site()).fresh("pbc-labs-v1", SEED).split();
      assertThat(split.train()).isEqualTo(expected.train());
      assertThat(split.test()).isEqualTo(expected.test());
      Set<String> trainSubjects =
          split.train().stream().map(TransitionRecord::subject).collect(Collectors.toSet());
      assertThat(split.test()).noneMatch(r -> trainSubjects.contains(r.subject()));
    }
  }

  @Test
  void pooledSiteStatistics_equalTheBenchmarksTrainingStatistics() throws Exception {
    SlotStatistics pooled = null;
    FeatureStatistics benchmarkStatistics = null;
    for (SiteSplit s : benchmark.splits()) {
      SlotStatistics site =
          new StoredStatistics(node(s.site())).trainingStatistics("job", "pbc-labs-v1", SEED);
      pooled = pooled == null ? site : pooled.merge(site);
      FeatureStatistics own = FeatureStatistics.of(task, s.train());
      benchmarkStatistics = benchmarkStatistics == null ? own : benchmarkStatistics.merge(own);
    }
    assertThat(pooled).isEqualTo(SlotStatistics.of(benchmarkStatistics));
  }

  @Test
  void evaluationWithThePooledStatistics_givesTheBenchmarkEvaluatorsSums() throws Exception {
    SlotStatistics pooled = null;
    for (String site : sites.keySet()) {
      SlotStatistics s =
          new StoredStatistics(node(site)).trainingStatistics("job", "pbc-labs-v1", SEED);
      pooled = pooled == null ? s : pooled.merge(s);
    }
    EvaluationScope scope = new EvaluationScope("job", SEED, pooled);
    for (SiteSplit s : benchmark.splits()) {
      StoredTransitionsEvaluator evaluator =
          new StoredTransitionsEvaluator(node(s.site()), jobId -> Optional.empty());
      MetricsAccumulator sums =
          evaluator.evaluate("pbc-labs-v1", new EvaluationSubject.Baseline("linear"), scope);
      MetricsAccumulator expected =
          new BenchmarkSiteEvaluator(
                  benchmark.encoder(), ModelConfig.defaults(), s.train(), s.test())
              .evaluate("pbc-labs-v1", new EvaluationSubject.Baseline("linear"));
      assertThat(sums.toVector()).containsExactly(expected.toVector());
      assertThat(sums.targetSums().get(0).count()).isEqualTo(s.test().size());
    }
  }

  @Test
  void evaluationWithoutJobScope_isRefusedWithTheReason() {
    StoredTransitionsEvaluator evaluator =
        new StoredTransitionsEvaluator(node("site-a"), jobId -> Optional.empty());
    assertThatThrownBy(
            () -> evaluator.evaluate("pbc-labs-v1", new EvaluationSubject.Baseline("linear")))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("names no job");
  }
}
