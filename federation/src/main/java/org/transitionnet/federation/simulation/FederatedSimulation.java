package org.transitionnet.federation.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.coordinator.RoundEngine;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.privacy.DpTransitionModelTrainer;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.leaderboard.DpSetting;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.model.ExampleBatches;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.task.SiteSplit;

/**
 * Trains a federated method of the benchmark with the real protocol (coordinator and one site agent
 * per benchmark site over in-process gRPC) and evaluates it through distributed evaluation (each
 * site returns sufficient statistics of its test split; the pooled metrics are those of the summed
 * statistics, identical to the benchmark's own pooled evaluation). It starts from the same seeded
 * initial model as {@code pooled} and {@code local:*}, and each site takes as many local steps in
 * total as they do.
 */
public final class FederatedSimulation {

  /**
   * How to federate.
   *
   * @param strategy server strategy
   * @param rounds number of rounds
   * @param localSteps steps per round per site; 0 = the benchmark's training steps / rounds
   * @param proximalMu FedProx coefficient (used with fedprox)
   * @param serverLearningRate FedAdam server learning rate (used with fedadam)
   * @param secureAggregation whether rounds run with secure aggregation (the coordinator sees only
   *     the masked sum)
   * @param privacy differential privacy of the sites' training; null = none
   */
  public record Settings(
      StrategyKind strategy,
      int rounds,
      int localSteps,
      double proximalMu,
      double serverLearningRate,
      boolean secureAggregation,
      Privacy privacy) {

    public Settings {
      Objects.requireNonNull(strategy, "strategy");
      if (rounds < 1 || localSteps < 0) {
        throw new IllegalArgumentException("need rounds >= 1 and localSteps >= 0");
      }
    }

    /** Plain aggregation, no differential privacy. */
    public Settings(
        StrategyKind strategy,
        int rounds,
        int localSteps,
        double proximalMu,
        double serverLearningRate) {
      this(strategy, rounds, localSteps, proximalMu, serverLearningRate, false, null);
    }

    public Settings withSecureAggregation(boolean value) {
      return new Settings(
          strategy, rounds, localSteps, proximalMu, serverLearningRate, value, privacy);
    }

    public Settings withPrivacy(Privacy value) {
      return new Settings(
          strategy, rounds, localSteps, proximalMu, serverLearningRate, secureAggregation, value);
    }

    /** Defaults per strategy: mu 0.01 for fedprox, server rate 0.01 for fedadam. */
    public static Settings of(StrategyKind strategy, int rounds, int localSteps) {
      return new Settings(
          strategy,
          rounds,
          localSteps,
          strategy == StrategyKind.FEDPROX ? 0.01 : 0,
          strategy == StrategyKind.FEDADAM ? 0.01 : 0);
    }
  }

  /**
   * Differential privacy of the job: record level (every site's local training is DP-SGD with
   * Poisson sampling, see {@link DpTransitionModelTrainer}) or client level (every site clips its
   * update and adds its share of the noise under secure aggregation, see {@link
   * org.transitionnet.security.dp.ClientLevelDp}).
   *
   * @param level RECORD or CLIENT
   * @param epsilon the job's ε per site
   * @param delta the job's δ (1e-5 by default)
   * @param clipNorm the L2 clip C (per example at record level, per update at client level)
   */
  public record Privacy(
      DifferentialPrivacy.Level level, double epsilon, double delta, double clipNorm) {
    public Privacy {
      if (level == null || level == DifferentialPrivacy.Level.NONE) {
        throw new IllegalArgumentException("a privacy setting needs level record or client");
      }
      if (!(epsilon > 0) || !(delta > 0 && delta < 1) || !(clipNorm > 0)) {
        throw new IllegalArgumentException("need epsilon > 0, 0 < delta < 1 and clipNorm > 0");
      }
    }

    /** Record level. */
    public Privacy(double epsilon, double delta, double clipNorm) {
      this(DifferentialPrivacy.Level.RECORD, epsilon, delta, clipNorm);
    }

    /** Record level: ε with δ = 1e-5 and clip norm 1. */
    public static Privacy record(double epsilon) {
      return new Privacy(epsilon, 1e-5, 1.0);
    }

    /** Client level: ε with δ = 1e-5 and clip norm 1. */
    public static Privacy client(double epsilon) {
      return new Privacy(DifferentialPrivacy.Level.CLIENT, epsilon, 1e-5, 1.0);
    }

    public Privacy withDelta(double value) {
      return new Privacy(level, epsilon, value, clipNorm);
    }

    public Privacy withClipNorm(double value) {
      return new Privacy(level, epsilon, delta, value);
    }

    /** The job's settings. */
    public DifferentialPrivacy job() {
      return new DifferentialPrivacy(level, epsilon, delta, clipNorm);
    }
  }

  /** A trained federated model and the largest ε any of its sites spent (0 without DP). */
  private record Trained(double[] parameters, double epsilonSpent) {}

  private FederatedSimulation() {}

  /** The entry with the job's privacy settings, as the leaderboard records them. */
  private static MethodEntry describe(MethodEntry entry, Settings settings, Trained trained) {
    DpSetting dp =
        settings.privacy() == null
            ? null
            : new DpSetting(
                settings.privacy().level().wireName(),
                trained.epsilonSpent(),
                settings.privacy().delta());
    return new MethodEntry(
        entry.name(),
        entry.kind(),
        settings.secureAggregation(),
        dp,
        entry.rounds(),
        entry.results());
  }

  /** Local steps per round that give every site the benchmark's training budget. */
  public static int localSteps(Benchmark benchmark, Settings settings) {
    return settings.localSteps() > 0
        ? settings.localSteps()
        : Math.max(1, (benchmark.trainingSteps() + settings.rounds() - 1) / settings.rounds());
  }

  /**
   * Runs the federated job on every site and returns its leaderboard entry (kind {@code
   * federated}), evaluated through the distributed path: each site evaluates the final model on its
   * own test split and returns sufficient statistics, which the coordinator adds up.
   */
  public static MethodEntry run(
      Benchmark benchmark, BenchmarkOptions options, Settings settings, BenchmarkProgress progress)
      throws InterruptedException {
    try (SimulatedEvaluation evaluation = new SimulatedEvaluation(benchmark, options)) {
      return run(benchmark, options, settings, progress, evaluation);
    }
  }

  /** {@link #run(Benchmark, BenchmarkOptions, Settings, BenchmarkProgress)} on given evaluators. */
  public static MethodEntry run(
      Benchmark benchmark,
      BenchmarkOptions options,
      Settings settings,
      BenchmarkProgress progress,
      SimulatedEvaluation evaluation)
      throws InterruptedException {
    String name = settings.strategy().methodName();
    Trained trained = train(benchmark, options, settings, progress, name, benchmark.splits());
    return describe(
        evaluation.evaluate(
            name,
            "federated",
            settings.rounds(),
            new EvaluationSubject.Model(name, settings.rounds(), trained.parameters())),
        settings,
        trained);
  }

  /**
   * Leave-one-site-out (§7): for each site, the strategy federated over all other sites and
   * evaluated (distributed) everywhere; the entry {@code loso:<site>} is read at its held-out site.
   */
  public static List<MethodEntry> loso(
      Benchmark benchmark,
      BenchmarkOptions options,
      Settings settings,
      BenchmarkProgress progress,
      SimulatedEvaluation evaluation)
      throws InterruptedException {
    List<MethodEntry> entries = new ArrayList<>();
    if (benchmark.splits().size() < 2) {
      return entries;
    }
    for (SiteSplit held : benchmark.splits()) {
      String name = "loso:" + held.site();
      List<SiteSplit> others =
          benchmark.splits().stream().filter(s -> !s.site().equals(held.site())).toList();
      Trained trained = train(benchmark, options, settings, progress, name, others);
      entries.add(
          describe(
              evaluation.evaluate(
                  name,
                  "loso",
                  settings.rounds(),
                  new EvaluationSubject.Model(name, settings.rounds(), trained.parameters())),
              settings,
              trained));
    }
    return entries;
  }

  /**
   * The whole §7 protocol of a job, every method evaluated through the distributed path: the
   * baselines (each site fits them on its own training split), {@code local:<site>} (trained at the
   * site, evaluated at every site, hence the cross-site matrix), the federated strategy and {@code
   * loso:<site>}. Write it with {@code LeaderboardJson} and add {@code CrossSiteMatrix.of(board)}.
   */
  public static Leaderboard jobLeaderboard(
      Benchmark benchmark, BenchmarkOptions options, Settings settings, BenchmarkProgress progress)
      throws InterruptedException {
    try (SimulatedEvaluation evaluation = new SimulatedEvaluation(benchmark, options)) {
      return jobLeaderboard(benchmark, options, settings, progress, evaluation);
    }
  }

  /**
   * {@link #jobLeaderboard(Benchmark, BenchmarkOptions, Settings, BenchmarkProgress)} on given
   * evaluators.
   */
  public static Leaderboard jobLeaderboard(
      Benchmark benchmark,
      BenchmarkOptions options,
      Settings settings,
      BenchmarkProgress progress,
      SimulatedEvaluation evaluation)
      throws InterruptedException {
    List<MethodEntry> methods = new ArrayList<>();
    for (String baseline : List.of("no-change", "mean-change", "linear")) {
      methods.add(
          evaluation.evaluate(
              baseline, "baseline", null, new EvaluationSubject.Baseline(baseline)));
    }
    int steps = benchmark.trainingSteps();
    for (SiteSplit split : benchmark.splits()) {
      String name = "local:" + split.site();
      TransitionModel local = TransitionModel.create(benchmark.encoder(), options.model());
      local.trainSteps(
          new ExampleBatches(
              benchmark.encoder().encodeAll(split.train()),
              options.model().batchSize(),
              options.seed()),
          steps,
          progress.training(name));
      methods.add(
          evaluation.evaluate(
              name, "local", null, new EvaluationSubject.Model(name, 0, local.parameters())));
    }
    methods.add(run(benchmark, options, settings, progress, evaluation));
    methods.addAll(loso(benchmark, options, settings, progress, evaluation));
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("seed", options.seed());
    described.put("k", options.k());
    described.put("split", options.split().name().toLowerCase(Locale.ROOT));
    described.put("hidden_layers", options.model().hiddenLayers());
    described.put("batch_size", options.model().batchSize());
    described.put("learning_rate", options.model().learningRate());
    described.put("training_steps", benchmark.trainingSteps());
    described.put("strategy", settings.strategy().methodName());
    described.put("rounds", settings.rounds());
    described.put("local_steps", localSteps(benchmark, settings));
    described.put("evaluation", "distributed sufficient statistics");
    described.put("baselines_fit_on", "each site's own training split");
    return new Leaderboard(
        benchmark.encoder().task().name(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        benchmark.splits().stream().map(SiteSplit::site).toList(),
        benchmark.encoder().task().targetNames(),
        described,
        methods);
  }

  /** Trains one federated job over the given sites with the real protocol; its final weights. */
  private static Trained train(
      Benchmark benchmark,
      BenchmarkOptions options,
      Settings settings,
      BenchmarkProgress progress,
      String name,
      List<SiteSplit> participants)
      throws InterruptedException {
    TransitionModel global = TransitionModel.create(benchmark.encoder(), options.model());
    int localSteps = localSteps(benchmark, settings);
    progress.info(
        name
            + ": "
            + participants.size()
            + " sites over in-process gRPC, "
            + settings.rounds()
            + " rounds of "
            + localSteps
            + " local steps, "
            + global.parameterCount()
            + " parameters");
    JobSpec job =
        new JobSpec(
            name,
            "simulation",
            "simulator",
            "benchmark",
            "transition-model:" + options.model().hiddenLayers(),
            settings.strategy(),
            settings.rounds(),
            localSteps,
            options.model().learningRate(),
            settings.strategy() == StrategyKind.FEDPROX ? settings.proximalMu() : 0,
            settings.strategy() == StrategyKind.FEDADAM ? settings.serverLearningRate() : 0,
            participants.size(),
            Duration.ofHours(1),
            settings.secureAggregation(),
            options.seed(),
            global.parameterCount());
    boolean clientLevel =
        settings.privacy() != null
            && settings.privacy().level() == DifferentialPrivacy.Level.CLIENT;
    if (clientLevel) {
      if (!settings.secureAggregation()) {
        throw new IllegalArgumentException(
            "client-level DP needs secure aggregation (--secure-aggregation): without it the"
                + " coordinator sees each site's update with only its share of the noise");
      }
      job = job.withPrivacy(settings.privacy().job());
      progress.info(
          name
              + ": client-level DP, noise multiplier "
              + String.format(
                  Locale.ROOT, "%.3f", settings.privacy().job().clientNoiseMultiplier(job.rounds()))
              + " on the sum of "
              + participants.size()
              + " clipped updates (each site adds 1/"
              + participants.size()
              + " of the variance)");
    } else if (settings.privacy() != null) {
      job = job.withPrivacy(settings.privacy().job());
    }
    List<DpTransitionModelTrainer> privateTrainers = new ArrayList<>();
    try (InProcessFederation federation =
        settings.secureAggregation()
            ? InProcessFederation.withSecureAggregation(
                "simulate", new SecureAggregation.Audit() {})
            : new InProcessFederation("simulate")) {
      for (SiteSplit split : participants) {
        TransitionModel siteModel = TransitionModel.create(benchmark.encoder(), options.model());
        long siteSeed = RoundEngine.siteSeed(options.seed(), 0, split.site());
        LocalTrainer trainer;
        if (settings.privacy() == null || clientLevel) {
          trainer =
              new TransitionModelTrainer(
                  siteModel, benchmark.encoder().encodeAll(split.train()), siteSeed);
        } else {
          DpTransitionModelTrainer dp =
              new DpTransitionModelTrainer(
                  siteModel,
                  benchmark.encoder().encodeAll(split.train()),
                  new DpTransitionModelTrainer.Settings(
                      settings.privacy().epsilon(),
                      settings.privacy().delta(),
                      settings.privacy().clipNorm(),
                      (long) settings.rounds() * localSteps),
                  siteSeed);
          progress.info(
              name
                  + ": "
                  + split.site()
                  + " DP-SGD noise multiplier "
                  + String.format(Locale.ROOT, "%.3f", dp.noiseMultiplier())
                  + " at sampling rate "
                  + String.format(Locale.ROOT, "%.4f", dp.samplingRate()));
          privateTrainers.add(dp);
          trainer = dp;
        }
        federation.addSite(split.site(), SitePolicy.acceptAll("simulation"), trainer);
      }
      federation.awaitSites(Duration.ofSeconds(30));
      federation.coordinator().submit(job, global.parameters());
      JobRecord done = federation.coordinator().run(name);
      if (done.status() != JobStatus.COMPLETED) {
        throw new IllegalStateException("federated job " + name + " failed: " + done.failure());
      }
      double epsilon = 0;
      for (DpTransitionModelTrainer dp : privateTrainers) {
        epsilon = Math.max(epsilon, dp.epsilonSpent());
      }
      for (RoundRecord round : federation.store().rounds().rounds(name)) {
        epsilon = Math.max(epsilon, round.maxEpsilonSpent());
      }
      return new Trained(
          federation.store().rounds().latestModel(name).orElseThrow().parameters(), epsilon);
    }
  }
}
