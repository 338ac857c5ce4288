package org.transitionnet.benchmark;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.baseline.LinearBaseline;
import org.transitionnet.baseline.MeanChangeBaseline;
import org.transitionnet.baseline.NoChangeBaseline;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.leaderboard.WorstSite;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ExampleBatches;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.model.TransitionPredictor;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.Splits;
import org.transitionnet.task.Task;

/**
 * Runs the local benchmark of a task in one process: splits each site, standardizes with the merged
 * per-site training statistics, fits the baselines ({@code no-change}, {@code mean-change}, {@code
 * linear}) on the pooled training data, trains {@code pooled} and every {@code local:<site>} model
 * from the same seeded initial weights for the same number of steps, and evaluates every method on
 * each site's test set, the pooled test set and the worst site.
 */
public final class Benchmark {

  private final Task task;
  private final BenchmarkOptions options;
  private final BenchmarkProgress progress;
  private final List<SiteSplit> splits;
  private final FeatureEncoder encoder;

  /**
   * Prepares a run: splits the sites and computes the feature statistics.
   *
   * @param sites records per site, in leaderboard order
   * @throws org.transitionnet.task.TaskRefusedException when a site cannot be split
   */
  public Benchmark(
      Task task,
      Map<String, List<TransitionRecord>> sites,
      BenchmarkOptions options,
      BenchmarkProgress progress) {
    this.task = task;
    this.options = options;
    this.progress = progress;
    this.splits = Splits.split(sites, options.split(), options.seed());
    FeatureStatistics stats = null;
    for (SiteSplit s : splits) {
      FeatureStatistics site = FeatureStatistics.of(task, s.train());
      stats = stats == null ? site : stats.merge(site);
    }
    this.encoder = new FeatureEncoder(task, stats);
  }

  public List<SiteSplit> splits() {
    return splits;
  }

  public FeatureEncoder encoder() {
    return encoder;
  }

  /** Local optimisation steps every trained method gets. */
  public int trainingSteps() {
    int pooled = splits.stream().mapToInt(s -> s.train().size()).sum();
    int perEpoch = (pooled + options.model().batchSize() - 1) / options.model().batchSize();
    return options.epochs() * perEpoch;
  }

  /** Runs every method and builds the leaderboard. */
  public Leaderboard run() {
    List<TransitionRecord> pooledTrain = new ArrayList<>();
    splits.forEach(s -> pooledTrain.addAll(s.train()));
    List<Example> pooledExamples = encoder.encodeAll(pooledTrain);
    int t = encoder.targetCount();
    progress.info(
        "task "
            + task.name()
            + ": "
            + splits.size()
            + " sites, "
            + pooledTrain.size()
            + " training and "
            + splits.stream().mapToInt(s -> s.test().size()).sum()
            + " test transitions, "
            + encoder.inputCount()
            + " inputs, "
            + t
            + " targets");
    List<MethodEntry> methods = new ArrayList<>();
    methods.add(entry(NoChangeBaseline.NAME, "baseline", NoChangeBaseline.fit(pooledExamples, t)));
    methods.add(
        entry(MeanChangeBaseline.NAME, "baseline", MeanChangeBaseline.fit(pooledExamples, t)));
    methods.add(entry(LinearBaseline.NAME, "baseline", LinearBaseline.fit(pooledExamples, t)));
    int steps = trainingSteps();
    methods.add(entry("pooled", "pooled", train("pooled", pooledExamples, steps)));
    for (SiteSplit s : splits) {
      String name = "local:" + s.site();
      methods.add(entry(name, "local", train(name, encoder.encodeAll(s.train()), steps)));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("seed", options.seed());
    settings.put("k", options.k());
    settings.put("split", options.split().name().toLowerCase(java.util.Locale.ROOT));
    settings.put("hidden_layers", options.model().hiddenLayers());
    settings.put("batch_size", options.model().batchSize());
    settings.put("learning_rate", options.model().learningRate());
    settings.put("training_steps", steps);
    if (task.comparesArms()) {
      settings.put("treated", task.treatedAction());
      settings.put("control", task.controlAction());
    }
    return new Leaderboard(
        task.name(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        splits.stream().map(SiteSplit::site).toList(),
        task.targetNames(),
        settings,
        methods);
  }

  private TransitionModel train(String name, List<Example> examples, int steps) {
    TransitionModel model = TransitionModel.create(encoder, options.model());
    ExampleBatches batches =
        new ExampleBatches(examples, options.model().batchSize(), options.seed());
    model.trainSteps(batches, steps, progress.training(name));
    return model;
  }

  /** Evaluates one predictor on every site, the pooled test set and the worst site. */
  public MethodEntry entry(String name, String kind, TransitionPredictor predictor) {
    Map<String, SiteResult> results = new LinkedHashMap<>();
    MetricsAccumulator pooled = null;
    for (SiteSplit s : splits) {
      MetricsAccumulator site = Evaluation.evaluate(predictor, encoder, s.test());
      results.put(s.site(), SiteResult.of(site.report(options.k())));
      pooled = pooled == null ? site.copy() : pooled.merge(site);
    }
    List<SiteResult> perSite = new ArrayList<>(results.values());
    results.put(MethodEntry.POOLED, SiteResult.of(pooled.report(options.k())));
    results.put(MethodEntry.WORST_SITE, WorstSite.of(perSite));
    return new MethodEntry(name, kind, false, null, null, results);
  }
}
