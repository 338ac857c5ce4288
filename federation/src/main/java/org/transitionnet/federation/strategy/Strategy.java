package org.transitionnet.federation.strategy;

import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.store.OptimizerState;

/**
 * A server strategy. Sites send their updates as deltas (local minus global parameters); the
 * aggregation yields their sample-weighted mean; the strategy turns it into the next model.
 */
public interface Strategy {

  StrategyKind kind();

  /**
   * The next global model.
   *
   * @param global current global parameters (not modified)
   * @param state the optimizer state stored with the current model
   * @param meanDelta the sample-weighted mean of the sites' deltas (may be reused as output)
   */
  ServerStep apply(double[] global, OptimizerState state, double[] meanDelta);

  /** The strategy a job names, configured from the job. */
  static Strategy forJob(JobSpec job) {
    return switch (job.strategy()) {
      case FEDAVG -> new FedAvg();
      case FEDPROX -> new FedProx(job.proximalMu());
      case FEDADAM -> new FedAdam(job.serverLearningRate());
    };
  }
}
