package org.transitionnet.federation.simulation;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.federation.coordinator.RoundEngine;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.task.SiteSplit;

/**
 * Trains a federated method of the benchmark with the real protocol (coordinator and one site agent
 * per benchmark site over in-process gRPC) and evaluates it exactly as the benchmark evaluates its
 * own methods. It starts from the same seeded initial model as {@code pooled} and {@code local:*},
 * and each site takes as many local steps in total as they do.
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
   */
  public record Settings(
      StrategyKind strategy,
      int rounds,
      int localSteps,
      double proximalMu,
      double serverLearningRate) {

    public Settings {
      Objects.requireNonNull(strategy, "strategy");
      if (rounds < 1 || localSteps < 0) {
        throw new IllegalArgumentException("need rounds >= 1 and localSteps >= 0");
      }
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

  private FederatedSimulation() {}

  /** Local steps per round that give every site the benchmark's training budget. */
  public static int localSteps(Benchmark benchmark, Settings settings) {
    return settings.localSteps() > 0
        ? settings.localSteps()
        : Math.max(1, (benchmark.trainingSteps() + settings.rounds() - 1) / settings.rounds());
  }

  /** Runs the federated job and returns its leaderboard entry (kind {@code federated}). */
  public static MethodEntry run(
      Benchmark benchmark, BenchmarkOptions options, Settings settings, BenchmarkProgress progress)
      throws InterruptedException {
    TransitionModel global = TransitionModel.create(benchmark.encoder(), options.model());
    int localSteps = localSteps(benchmark, settings);
    String name = settings.strategy().methodName();
    progress.info(
        name
            + ": "
            + benchmark.splits().size()
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
            benchmark.splits().size(),
            Duration.ofHours(1),
            false,
            options.seed(),
            global.parameterCount());
    try (InProcessFederation federation = new InProcessFederation("simulate")) {
      for (SiteSplit split : benchmark.splits()) {
        TransitionModel siteModel = TransitionModel.create(benchmark.encoder(), options.model());
        federation.addSite(
            split.site(),
            SitePolicy.acceptAll("simulation"),
            new TransitionModelTrainer(
                siteModel,
                benchmark.encoder().encodeAll(split.train()),
                RoundEngine.siteSeed(options.seed(), 0, split.site())));
      }
      federation.awaitSites(Duration.ofSeconds(30));
      federation.coordinator().submit(job, global.parameters());
      JobRecord done = federation.coordinator().run(name);
      if (done.status() != JobStatus.COMPLETED) {
        throw new IllegalStateException("federated job " + name + " failed: " + done.failure());
      }
      global.setParameters(
          federation.store().rounds().latestModel(name).orElseThrow().parameters());
    }
    MethodEntry evaluated = benchmark.entry(name, "federated", global);
    Map<String, org.transitionnet.leaderboard.SiteResult> results = evaluated.results();
    return new MethodEntry(name, "federated", false, null, settings.rounds(), results);
  }
}
