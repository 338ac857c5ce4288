package org.transitionnet.federation.job;

import java.time.Duration;
import java.util.Objects;
import org.transitionnet.leaderboard.DpSetting;

/**
 * A federated training job as the coordinator runs it and the sites' policies judge it.
 *
 * @param jobId unique id of the job
 * @param consortium the consortium the job runs in
 * @param researcher who submitted it
 * @param task task id (e.g. "pbc-labs-v1")
 * @param modelSpec model family and shape
 * @param strategy server strategy
 * @param rounds number of rounds
 * @param localSteps local optimisation steps per site per round
 * @param learningRate the sites' local learning rate
 * @param proximalMu FedProx coefficient passed to the sites' trainers (0 otherwise)
 * @param serverLearningRate FedAdam server learning rate (ignored otherwise)
 * @param minSites fewest reporting sites for a round to count
 * @param roundTimeout how long a round waits for its sites
 * @param secureAggregation whether updates are masked
 * @param seed the job's seed (initial model, site seeds per round)
 * @param parameterCount length of the flat parameter vector
 * @param privacy the job's differential privacy ({@link DifferentialPrivacy#none()} for none)
 */
public record JobSpec(
    String jobId,
    String consortium,
    String researcher,
    String task,
    String modelSpec,
    StrategyKind strategy,
    int rounds,
    int localSteps,
    double learningRate,
    double proximalMu,
    double serverLearningRate,
    int minSites,
    Duration roundTimeout,
    boolean secureAggregation,
    long seed,
    int parameterCount,
    DifferentialPrivacy privacy) {

  public JobSpec {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(consortium, "consortium");
    Objects.requireNonNull(researcher, "researcher");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(modelSpec, "modelSpec");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(roundTimeout, "roundTimeout");
    Objects.requireNonNull(privacy, "privacy");
    if (jobId.isBlank()) {
      throw new IllegalArgumentException("jobId is blank");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be >= 1, was " + localSteps);
    }
    if (minSites < 1) {
      throw new IllegalArgumentException("minSites must be >= 1, was " + minSites);
    }
    if (parameterCount < 1) {
      throw new IllegalArgumentException("parameterCount must be >= 1, was " + parameterCount);
    }
    if (roundTimeout.isNegative() || roundTimeout.isZero()) {
      throw new IllegalArgumentException("roundTimeout must be positive");
    }
    if (proximalMu < 0) {
      throw new IllegalArgumentException("proximalMu must be >= 0");
    }
  }

  /** A job without differential privacy. */
  public JobSpec(
      String jobId,
      String consortium,
      String researcher,
      String task,
      String modelSpec,
      StrategyKind strategy,
      int rounds,
      int localSteps,
      double learningRate,
      double proximalMu,
      double serverLearningRate,
      int minSites,
      Duration roundTimeout,
      boolean secureAggregation,
      long seed,
      int parameterCount) {
    this(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        DifferentialPrivacy.none());
  }

  /** A job with laptop defaults for everything but the essentials; adjust with the withers. */
  public static JobSpec of(String jobId, StrategyKind strategy, int rounds, int parameterCount) {
    return new JobSpec(
        jobId,
        "default",
        "researcher",
        "task",
        "model",
        strategy,
        rounds,
        10,
        0.01,
        strategy == StrategyKind.FEDPROX ? 0.01 : 0.0,
        strategy == StrategyKind.FEDADAM ? 0.01 : 0.0,
        1,
        Duration.ofMinutes(5),
        false,
        1L,
        parameterCount);
  }

  public JobSpec withJobId(String value) {
    return new JobSpec(
        value,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withMinSites(int value) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        value,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withRoundTimeout(Duration value) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        value,
        secureAggregation,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withTraining(int steps, double rate, double mu) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        steps,
        rate,
        mu,
        serverLearningRate,
        minSites,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withServerLearningRate(double value) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        value,
        minSites,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withOrigin(String consortiumName, String researcherName, String taskId) {
    return new JobSpec(
        jobId,
        consortiumName,
        researcherName,
        taskId,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withSecureAggregation(boolean value) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        roundTimeout,
        value,
        seed,
        parameterCount,
        privacy);
  }

  public JobSpec withSeed(long value) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        roundTimeout,
        secureAggregation,
        value,
        parameterCount,
        privacy);
  }

  public JobSpec withPrivacy(DifferentialPrivacy value) {
    return new JobSpec(
        jobId,
        consortium,
        researcher,
        task,
        modelSpec,
        strategy,
        rounds,
        localSteps,
        learningRate,
        proximalMu,
        serverLearningRate,
        minSites,
        roundTimeout,
        secureAggregation,
        seed,
        parameterCount,
        value);
  }

  /**
   * The leaderboard's {@code "dp"} entry of this job's federated method ({@code
   * {"level","epsilon","delta"}} with the job's target ε), or {@code null} without DP.
   */
  public DpSetting leaderboardDp() {
    return privacy.leaderboardDp();
  }
}
