package org.transitionnet.cli.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.benchmark.TrainingThroughput;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.federation.coordinator.RoundEngine;
import org.transitionnet.federation.simulation.CoordinatorHeapBenchmark;
import org.transitionnet.federation.simulation.SecureAggregationOverhead;
import org.transitionnet.federation.simulation.TransitionModelTrainer;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tnet bench}: micro-benchmarks of the system's own speed. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure the speed of parts of the system, and what differentially private evaluation"
            + " releases cost the metrics.",
    subcommands = {
      BenchCommand.Training.class,
      BenchCommand.SecureRound.class,
      BenchCommand.Heap.class,
      SoakBench.class,
      EvaluationPrivacyBench.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** {@code tnet bench training}: local training throughput on the pbc task. */
  @Command(
      name = "training",
      mixinStandardHelpOptions = true,
      description =
          "Local training throughput (examples/s) of the transition model at the default size on"
              + " the pbc-labs-v1 training data, per batch size.")
  public static final class Training implements Callable<Integer> {

    @Option(
        names = "--batch-sizes",
        split = ",",
        defaultValue = "64,1024",
        description = "batch sizes to measure (default: ${DEFAULT-VALUE})")
    List<Integer> batchSizes;

    @Option(
        names = "--seconds",
        defaultValue = "10",
        description = "timed seconds per batch size (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(
        names = "--threads",
        defaultValue = "1",
        description = "ND4J threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws IOException, MappingException {
      TaskData.BuiltIn pbc = TaskData.pbcTask();
      List<TransitionRecord> records = pbc.records();
      Task task = pbc.task();
      FeatureEncoder encoder = new FeatureEncoder(task, FeatureStatistics.of(task, records));
      List<Example> examples = encoder.encodeAll(records);
      System.out.printf(
          Locale.ROOT,
          "pbc-labs-v1: %d examples, %d inputs, %d targets; %d CPUs; threads %d%n",
          examples.size(),
          encoder.inputCount(),
          encoder.targetCount(),
          Runtime.getRuntime().availableProcessors(),
          threads);
      System.out.printf(
          Locale.ROOT,
          "%-10s %-12s %-8s %-16s %-16s %-10s%n",
          "batch",
          "parameters",
          "steps",
          "examples/s",
          "examples/cpu-s",
          "load avg");
      for (int b : batchSizes) {
        TransitionModel model =
            TransitionModel.create(
                encoder, ModelConfig.defaults().withBatchSize(b).withThreads(threads));
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        TrainingThroughput.Result r = TrainingThroughput.measure(model, examples, b, seconds);
        double cpuShare =
            (processCpuNanos() - cpu0) / (double) Math.max(1, System.nanoTime() - wall0);
        System.out.printf(
            Locale.ROOT,
            "%-10d %-12d %-8d %-16.0f %-16.0f %-10.2f%n",
            b,
            r.parameters(),
            r.steps(),
            r.examplesPerSecond(),
            r.examplesPerSecond() / Math.max(cpuShare, 1e-9),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      }
      return 0;
    }

    private static long processCpuNanos() {
      var os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getProcessCpuTime();
      }
      return 0;
    }
  }

  /**
   * {@code tnet bench secure-round}: the whole round time with secure aggregation against without,
   * local training included, in one run.
   */
  @Command(
      name = "secure-round",
      mixinStandardHelpOptions = true,
      description =
          "Whole-round time with and without secure aggregation, local training of the real"
              + " transition model included, on the pbc-labs-v1 sites in one run (one-round jobs"
              + " alternating plain and secure over in-process gRPC).")
  public static final class SecureRound implements Callable<Integer> {

    @Option(
        names = "--rounds",
        defaultValue = "10",
        description =
            "timed rounds of each kind, after one warm-up each (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(
        names = "--local-steps",
        defaultValue = "20",
        description =
            "local steps per round (default: ${DEFAULT-VALUE}, as tnet simulate on pbc: 600 steps"
                + " over 30 rounds)")
    int localSteps;

    @Option(
        names = "--sites",
        defaultValue = "3",
        description = "simulated sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: 1)")
    long seed;

    @Override
    public Integer call() throws IOException, MappingException, InterruptedException {
      TaskData.BuiltIn pbc = TaskData.pbcTask();
      List<TransitionRecord> records = pbc.records();
      Task task = pbc.task();
      ModelConfig config = ModelConfig.defaults().withSeed(seed).withThreads(1);
      Benchmark benchmark =
          new Benchmark(
              task,
              SitePartition.simulate(records, sites, "iid", seed),
              new BenchmarkOptions(seed, 10, config, 30, SplitRule.parse("subject")),
              BenchmarkProgress.SILENT);
      Map<String, LocalTrainer> trainers = new LinkedHashMap<>();
      for (SiteSplit split : benchmark.splits()) {
        trainers.put(
            split.site(),
            new TransitionModelTrainer(
                TransitionModel.create(benchmark.encoder(), config),
                benchmark.encoder().encodeAll(split.train()),
                RoundEngine.siteSeed(seed, 0, split.site())));
      }
      double[] initial = TransitionModel.create(benchmark.encoder(), config).parameters();
      System.out.printf(
          Locale.ROOT,
          "pbc-labs-v1: %d sites, %d parameters, %d local steps of batch %d per round;"
              + " %d + 1 rounds of each kind%n",
          trainers.size(),
          initial.length,
          localSteps,
          config.batchSize(),
          rounds);
      SecureAggregationOverhead.Result r =
          SecureAggregationOverhead.measure(
              trainers, initial, rounds, localSteps, config.learningRate());
      System.out.printf(
          Locale.ROOT,
          "plain round %.1f ms (%.1f ms CPU), secure round %.1f ms (%.1f ms CPU),"
              + " secure/plain %.3f (CPU %.3f); load average %.1f%n",
          r.plainMillis(),
          r.cpuMillisPlain(),
          r.secureMillis(),
          r.cpuMillisSecure(),
          r.ratio(),
          r.cpuMillisSecure() / r.cpuMillisPlain(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return 0;
    }
  }

  /**
   * {@code tnet bench heap}: the coordinator's live heap during a round for each number of sites,
   * each in its own JVM with a small maximum heap.
   */
  @Command(
      name = "heap",
      mixinStandardHelpOptions = true,
      description =
          "The coordinator's live heap during a plain round against the number of sites (the real"
              + " coordinator; stand-in sites that hold nothing send their updates chunk by chunk),"
              + " each count in a fresh JVM with --max-heap.")
  public static final class Heap implements Callable<Integer> {

    @Option(
        names = "--sites",
        split = ",",
        defaultValue = "3,10,50",
        description = "site counts (default: ${DEFAULT-VALUE})")
    List<Integer> sites;

    @Option(
        names = "--parameters",
        defaultValue = "1000000",
        description = "model parameters (default: ${DEFAULT-VALUE})")
    int parameters;

    @Option(
        names = "--max-heap",
        defaultValue = "64m",
        description =
            "-Xmx of each run (default: ${DEFAULT-VALUE}; a coordinator that kept whole updates"
                + " would need sites x 8 bytes x parameters)")
    String maxHeap;

    @Override
    public Integer call() throws IOException, InterruptedException {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      int failed = 0;
      for (int n : sites) {
        Process child =
            new ProcessBuilder(
                    java,
                    "-Xmx" + maxHeap,
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CoordinatorHeapBenchmark.class.getName(),
                    Integer.toString(n),
                    Integer.toString(parameters))
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = child.waitFor();
        String result =
            out.lines().filter(line -> line.startsWith("sites=")).findFirst().orElse(null);
        if (exit != 0 || result == null) {
          failed++;
          System.out.printf(
              Locale.ROOT,
              "sites=%d parameters=%d FAILED with -Xmx%s (exit %d): %s%n",
              n,
              parameters,
              maxHeap,
              exit,
              out.lines()
                  .filter(line -> line.contains("Error") || line.contains("Exception"))
                  .findFirst()
                  .orElse("no result line"));
        } else {
          System.out.println(result);
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }
}
