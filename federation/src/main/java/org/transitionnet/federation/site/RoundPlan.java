package org.transitionnet.federation.site;

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
 */
public record RoundPlan(
    RoundId round,
    int modelVersion,
    int localSteps,
    double learningRate,
    double proximalMu,
    long seed,
    SlotStatistics statistics) {

  /** A plan without pooled statistics. */
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
