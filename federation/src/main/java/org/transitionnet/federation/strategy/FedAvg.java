package org.transitionnet.federation.strategy;

import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.store.OptimizerState;

/**
 * Federated averaging (McMahan et al. 2017): the next model is the sample-weighted mean of the
 * sites' models, i.e. the global model plus the weighted mean delta.
 */
public final class FedAvg implements Strategy {

  @Override
  public StrategyKind kind() {
    return StrategyKind.FEDAVG;
  }

  @Override
  public ServerStep apply(double[] global, OptimizerState state, double[] meanDelta) {
    return new ServerStep(addInto(meanDelta, global), OptimizerState.NONE);
  }

  static double[] addInto(double[] delta, double[] global) {
    if (delta.length != global.length) {
      throw new IllegalArgumentException(
          "update has " + delta.length + " values, model " + global.length);
    }
    for (int i = 0; i < delta.length; i++) {
      delta[i] += global[i];
    }
    return delta;
  }
}
