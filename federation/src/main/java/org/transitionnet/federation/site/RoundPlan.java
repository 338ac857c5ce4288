package org.transitionnet.federation.site;

import java.util.Objects;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.statistics.SlotStatistics;

/**
 * What a round asks of a site's local training.
 *
 * @param round the round attempt
 * @param modelVersion the global model version trained from
 * @param localSteps optimisation steps to take
 * @param learningRate local learning rate
 * @param proximalMu FedProx coefficient: add {@code mu/2 ||w - w_global||²} to the loss (0 = off)
 * @param seed seed of this site's randomness in this round
 * @param statistics the job's pooled feature statistics to encode with; {@code null} when the
 *     coordinator sent none
 * @param privacy the differential privacy the job asks for
 */
public record RoundPlan(
    RoundId round,
    int modelVersion,
    int localSteps,
    double learningRate,
    double proximalMu,
    long seed,
    SlotStatistics statistics,
    RoundPrivacy privacy) {

  public RoundPlan {
    Objects.requireNonNull(privacy, "privacy");
  }

  /** A plan without differential privacy. */
  public RoundPlan(
      RoundId round,
      int modelVersion,
      int localSteps,
      double learningRate,
      double proximalMu,
      long seed,
      SlotStatistics statistics) {
    this(
        round,
        modelVersion,
        localSteps,
        learningRate,
        proximalMu,
        seed,
        statistics,
        RoundPrivacy.none());
  }

  /** A plan without pooled statistics or differential privacy. */
  public RoundPlan(
      RoundId round,
      int modelVersion,
      int localSteps,
      double learningRate,
      double proximalMu,
      long seed) {
    this(round, modelVersion, localSteps, learningRate, proximalMu, seed, null);
  }
}
