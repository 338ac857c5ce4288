package org.transitionnet.cli.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.LeaderboardMarkdown;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.TaskRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tnet benchmark}: imports a CSV with its mapping (or the built-in pbc task), partitions it
 * into sites, runs the baselines, {@code pooled} and {@code local:<site>}, and writes {@code
 * leaderboard.json} and {@code leaderboard.md}.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Run the local benchmark of a task: baselines, pooled and local:<site> models, evaluated on"
          + " every site's test set, the pooled test set and the worst site.",
      "Without --data it runs the built-in task pbc-labs-v1 (the shipped Mayo PBC trial) with"
          + " --sites 3 --split iid."
    })
public final class BenchmarkCommand implements Callable<Integer> {

  /** The built-in task. */
  public static final String PBC_TASK = TaskData.PBC_TASK;

  @Mixin DataOptions dataOptions;

  @Option(
      names = "--test-split",
      defaultValue = "subject",
      description =
          "train/test rule within sites: subject (20%% of subjects) or temporal (default: ${DEFAULT-VALUE})")
  String testSplit;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "seed of splits, weights and batches (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out/benchmark",
      description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--k",
      defaultValue = "10",
      description = "report null below this many records (default: ${DEFAULT-VALUE})")
  int k = MetricsAccumulator.DEFAULT_K;

  @Option(
      names = "--epochs",
      defaultValue = "30",
      description =
          "training budget in passes over the pooled training set; every model gets as many steps (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--hidden",
      split = ",",
      paramLabel = "WIDTH",
      description = "hidden layer widths (default: 32,32)")
  List<Integer> hidden;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "examples per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "ND4J threads; one is fastest on few cores (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress output on stderr")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    PrintStream err = System.err;
    try {
      Leaderboard lb = run(new ProgressBar(err, quiet));
      Files.createDirectories(out);
      Files.writeString(out.resolve("leaderboard.json"), LeaderboardJson.write(lb));
      Files.writeString(out.resolve("leaderboard.md"), LeaderboardMarkdown.render(lb));
      System.out.print(LeaderboardSummary.of(lb));
      System.out.println("wrote " + out.resolve("leaderboard.json") + " and leaderboard.md");
      return 0;
    } catch (TaskData.MissingFileException e) {
      err.println("tnet benchmark: " + e.getMessage());
      return 2;
    } catch (TaskRefusedException e) {
      err.println("tnet benchmark: refused: " + e.getMessage());
      return 2;
    } catch (MappingException e) {
      err.println("tnet benchmark: bad mapping: " + e.getMessage());
      return 2;
    }
  }

  /** Imports, partitions and runs; the leaderboard is not written. */
  Leaderboard run(ProgressBar progress) throws IOException, MappingException {
    DataOptions.SiteData input = dataOptions.load(seed, progress);
    ModelConfig model =
        ModelConfig.defaults().withSeed(seed).withBatchSize(batchSize).withThreads(threads);
    if (hidden != null) {
      model = model.withHiddenLayers(hidden);
    }
    BenchmarkOptions options =
        new BenchmarkOptions(seed, k, model, epochs, SplitRule.parse(testSplit));
    return new Benchmark(input.task(), input.sites(), options, progress).run();
  }
}
