package org.transitionnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.cli.benchmark.DataOptions;
import org.transitionnet.cli.benchmark.LeaderboardSummary;
import org.transitionnet.crosssite.CrossSiteMatrix;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.FederatedSimulation;
import org.transitionnet.federation.simulation.SimulatedEvaluation;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.LeaderboardMarkdown;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TrainingListener;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.TaskRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tnet simulate}: K site agents and a coordinator in one JVM over in-process gRPC, running
 * the real federation protocol; writes the leaderboard with the federated method next to the
 * baselines, {@code pooled} and {@code local:<site>}, all evaluated as {@code tnet benchmark}
 * evaluates them.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a federation in one JVM (coordinator + one agent per site over in-process gRPC,"
          + " the same protocol code as a deployment) and write leaderboard.json with the"
          + " federated method beside the baselines, pooled and local:<site>.",
      "Without --data it runs the built-in pbc-labs-v1 task with --sites 3."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Mixin DataOptions dataOptions;

  @Option(
      names = "--strategy",
      defaultValue = "fedavg",
      description = "fedavg, fedprox or fedadam (default: ${DEFAULT-VALUE})")
  String strategy;

  @Option(names = "--rounds", defaultValue = "30", description = "rounds (default: 30)")
  int rounds;

  @Option(
      names = "--local-steps",
      defaultValue = "0",
      description =
          "local steps per round; 0 = the benchmark's training steps / rounds, so every method"
              + " gets the same budget (default: 0)")
  int localSteps;

  @Option(names = "--mu", defaultValue = "0.01", description = "FedProx mu (default: 0.01)")
  double mu;

  @Option(
      names = "--server-lr",
      defaultValue = "0.01",
      description = "FedAdam server learning rate (default: 0.01)")
  double serverLearningRate;

  @Option(
      names = "--no-loso",
      description = "skip the leave-one-site-out methods loso:<site> (one federated job per site)")
  boolean noLoso;

  @Option(
      names = "--secure-aggregation",
      description = "run the federated rounds with secure aggregation (masked updates)")
  boolean secureAggregation;

  @Option(
      names = "--dp-epsilon",
      paramLabel = "EPS",
      description = "differential privacy target epsilon of the federated job; default: no DP")
  Double dpEpsilon;

  @Option(names = "--dp-delta", defaultValue = "1e-5", description = "DP delta (default: 1e-5)")
  double dpDelta;

  @Option(
      names = "--dp-level",
      defaultValue = "record",
      description =
          "DP unit: record (DP-SGD in each site's training, protects a patient record) or client"
              + " (clipped updates with distributed noise, protects a site's whole contribution;"
              + " needs --secure-aggregation; meant for consortia with many sites) (default:"
              + " record)")
  String dpLevel;

  @Option(
      names = "--dp-clip-norm",
      defaultValue = "1.0",
      description =
          "DP L2 clip norm: per example (record) or per site update (client) (default: 1)")
  double dpClipNorm;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: 1)")
  long seed;

  @Option(names = "--out", defaultValue = "out/simulate", description = "output folder")
  Path out;

  @Option(names = "--k", defaultValue = "10", description = "minimum records per reported cell")
  int k;

  @Option(names = "--epochs", defaultValue = "30", description = "training budget in epochs")
  int epochs;

  @Option(names = "--hidden", split = ",", description = "hidden layer widths (default 32,32)")
  List<Integer> hidden;

  @Option(names = "--batch-size", defaultValue = "64", description = "examples per step")
  int batchSize;

  @Option(names = "--threads", defaultValue = "1", description = "ND4J threads")
  int threads;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress output")
  boolean quiet;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintStream err = System.err;
    try {
      StrategyKind kind = StrategyKind.parse(strategy);
      BenchmarkProgress progress = progress(err);
      DataOptions.SiteData input = dataOptions.load(seed, progress);
      ModelConfig model =
          ModelConfig.defaults().withSeed(seed).withBatchSize(batchSize).withThreads(threads);
      if (hidden != null) {
        model = model.withHiddenLayers(hidden);
      }
      BenchmarkOptions options =
          new BenchmarkOptions(seed, k, model, epochs, SplitRule.parse("subject"));
      Benchmark benchmark = new Benchmark(input.task(), input.sites(), options, progress);
      Leaderboard board = benchmark.run();
      FederatedSimulation.Settings settings =
          new FederatedSimulation.Settings(kind, rounds, localSteps, mu, serverLearningRate)
              .withSecureAggregation(secureAggregation);
      if (dpEpsilon != null) {
        DifferentialPrivacy.Level level;
        try {
          level = DifferentialPrivacy.Level.parse(dpLevel);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--dp-level: " + e.getMessage(), e);
        }
        if (level == DifferentialPrivacy.Level.NONE) {
          throw new IllegalArgumentException("--dp-level none takes no --dp-epsilon");
        }
        if (level == DifferentialPrivacy.Level.CLIENT && !secureAggregation) {
          throw new IllegalArgumentException(
              "--dp-level client needs --secure-aggregation (without it the coordinator sees each"
                  + " site's update with only its share of the noise)");
        }
        settings =
            settings.withPrivacy(
                new FederatedSimulation.Privacy(level, dpEpsilon, dpDelta, dpClipNorm));
      }
      // federated and loso:<site> are evaluated by the sites (sufficient statistics, summed)
      try (SimulatedEvaluation evaluation = new SimulatedEvaluation(benchmark, options)) {
        board =
            board.withMethod(
                FederatedSimulation.run(benchmark, options, settings, progress, evaluation));
        if (!noLoso) {
          for (MethodEntry entry :
              FederatedSimulation.loso(benchmark, options, settings, progress, evaluation)) {
            board = board.withMethod(entry);
          }
        }
      }
      Files.createDirectories(out);
      Files.writeString(
          out.resolve("leaderboard.json"),
          CrossSiteMatrix.of(board).addTo(LeaderboardJson.write(board)));
      Files.writeString(out.resolve("leaderboard.md"), LeaderboardMarkdown.render(board));
      System.out.print(LeaderboardSummary.of(board));
      System.out.println("wrote " + out.resolve("leaderboard.json") + " and leaderboard.md");
      return 0;
    } catch (TaskRefusedException | IllegalArgumentException e) {
      err.println("tnet simulate: refused: " + e.getMessage());
      return 2;
    } catch (MappingException e) {
      err.println("tnet simulate: bad mapping: " + e.getMessage());
      return 2;
    }
  }

  private BenchmarkProgress progress(PrintStream err) {
    if (quiet) {
      return BenchmarkProgress.SILENT;
    }
    return new BenchmarkProgress() {
      @Override
      public TrainingListener training(String method) {
        return TrainingListener.NONE;
      }

      @Override
      public void info(String message) {
        err.println(message);
      }
    };
  }
}
