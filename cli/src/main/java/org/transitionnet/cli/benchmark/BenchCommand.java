package org.transitionnet.cli.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transitionnet.benchmark.TrainingThroughput;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.Task;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tnet bench}: micro-benchmarks of the system's own speed. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the speed of parts of the system.",
    subcommands = {BenchCommand.Training.class, CommandLine.HelpCommand.class})
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
      TaskData pbc = TaskData.pbc();
      Mapping m = pbc.mapping();
      List<TransitionRecord> records = pbc.importWith(m).records();
      Task task = MappingTask.fromMapping(TaskData.PBC_TASK, m, records);
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
}
