package org.transitionnet.cli.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.federation.evaluation.BenchmarkSiteEvaluator;
import org.transitionnet.federation.evaluation.EvaluationException;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.privacy.EvaluationPrivacy;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tnet bench evaluation-privacy}: what a differentially private evaluation release does to a
 * site's metrics — the bias of bounding contributions and the error of the noise, per ε.
 */
@Command(
    name = "evaluation-privacy",
    mixinStandardHelpOptions = true,
    description =
        "The error differentially private evaluation releases add to each site's metrics on the"
            + " pbc-labs-v1 sites: the linear baseline evaluated at each site exactly, with"
            + " contributions bounded (the clipping bias), and released through the Gaussian"
            + " mechanism many times per epsilon (median and 90th-percentile relative error of mae,"
            + " share of releases whose noisy count fell below k).")
public final class EvaluationPrivacyBench implements Callable<Integer> {

  @Option(
      names = "--epsilons",
      split = ",",
      defaultValue = "1,2,4,8,16",
      description = "epsilon per release to measure (default: ${DEFAULT-VALUE})")
  List<Double> epsilons;

  @Option(
      names = "--releases",
      defaultValue = "500",
      description = "noised releases per site and epsilon (default: ${DEFAULT-VALUE})")
  int releases;

  @Option(
      names = "--clip-sds",
      defaultValue = "3",
      description = "per-record bound in training sds (default: ${DEFAULT-VALUE})")
  double clipSds;

  @Option(
      names = "--sites",
      defaultValue = "3",
      description = "simulated sites (default: ${DEFAULT-VALUE})")
  int sites;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: 1)")
  long seed;

  private static final int K = 10;
  private static final double DELTA = 1e-5;

  @Override
  public Integer call() throws IOException, MappingException, EvaluationException {
    TaskData.BuiltIn pbc = TaskData.pbcTask();
    List<TransitionRecord> records = pbc.records();
    Task task = pbc.task();
    ModelConfig config = ModelConfig.defaults().withSeed(seed).withThreads(1);
    Benchmark benchmark =
        new Benchmark(
            task,
            SitePartition.simulate(records, sites, "iid", seed),
            new BenchmarkOptions(seed, K, config, 1, SplitRule.parse("subject")),
            BenchmarkProgress.SILENT);
    EvaluationSubject linear = new EvaluationSubject.Baseline("linear");
    System.out.printf(
        Locale.ROOT,
        "pbc-labs-v1, %d targets, linear baseline, k %d, delta %.0e, clip %s sd, %d releases each%n",
        task.targetNames().size(),
        K,
        DELTA,
        clipSds,
        releases);
    System.out.printf(
        Locale.ROOT,
        "%-8s %-8s %-10s %-12s %-8s %-8s %-16s %-16s %-10s%n",
        "site",
        "test n",
        "exact mae",
        "clip bias",
        "epsilon",
        "sigma",
        "median |err|/mae",
        "p90 |err|/mae",
        "below k");
    Random random = new Random(seed);
    for (SiteSplit split : benchmark.splits()) {
      BenchmarkSiteEvaluator evaluator =
          new BenchmarkSiteEvaluator(benchmark.encoder(), config, split.train(), split.test());
      MetricsAccumulator exact = evaluator.evaluate(task.name(), linear, null, 0);
      MetricsAccumulator bounded = evaluator.evaluate(task.name(), linear, null, clipSds);
      double exactMae = exact.report(K).macro().get("mae");
      double boundedMae = bounded.report(K).macro().get("mae");
      long n = exact.targetSums().stream().mapToLong(t -> t.count()).min().orElse(0);
      for (double epsilon : epsilons) {
        EvaluationPrivacy release = EvaluationPrivacy.gaussian(epsilon, DELTA, clipSds);
        List<Double> errors = new ArrayList<>();
        int suppressed = 0;
        for (int r = 0; r < releases; r++) {
          Double mae = release.privatize(bounded, random).report(K).macro().get("mae");
          if (mae == null) {
            suppressed++;
          } else {
            errors.add(Math.abs(mae - exactMae) / exactMae);
          }
        }
        Collections.sort(errors);
        System.out.printf(
            Locale.ROOT,
            "%-8s %-8d %-10.4f %-12s %-8s %-8.3f %-16s %-16s %-10s%n",
            split.site(),
            n,
            exactMae,
            String.format(Locale.ROOT, "%+.1f%%", 100 * (boundedMae - exactMae) / exactMae),
            epsilon,
            release.noiseMultiplier(),
            percent(errors, 0.5),
            percent(errors, 0.9),
            String.format(Locale.ROOT, "%.1f%%", 100.0 * suppressed / releases));
      }
    }
    return 0;
  }

  private static String percent(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%.1f%%",
        100 * sorted.get((int) Math.min(sorted.size() - 1, q * sorted.size())));
  }
}
