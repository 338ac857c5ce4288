package org.transitionnet.federation.strategy;

import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.store.OptimizerState;

/**
 * FedProx (Li et al. 2020): averaging on the server as FedAvg; the difference is the proximal term
 * {@code mu/2 ||w - w_global||²} the sites add to their local loss, passed to their trainers with
 * each task.
 */
public final class FedProx implements Strategy {

  private final double mu;

  public FedProx(double mu) {
    if (!(mu >= 0)) {
      throw new IllegalArgumentException("mu must be >= 0, was " + mu);
    }
    this.mu = mu;
  }

  public double mu() {
    return mu;
  }

  @Override
  public StrategyKind kind() {
    return StrategyKind.FEDPROX;
  }

  @Override
  public ServerStep apply(double[] global, OptimizerState state, double[] meanDelta) {
    return new ServerStep(FedAvg.addInto(meanDelta, global), OptimizerState.NONE);
  }
}
