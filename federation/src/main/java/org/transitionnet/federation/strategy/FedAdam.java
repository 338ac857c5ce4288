package org.transitionnet.federation.strategy;

import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.store.OptimizerState;

/**
 * FedAdam (Reddi et al., "Adaptive Federated Optimization", ICLR 2021, Algorithm 2): Adam on the
 * server with the weighted mean delta as pseudo-gradient step, without bias correction: {@code m =
 * b1 m + (1-b1) d; v = b2 v + (1-b2) d²; x = x + lr m / (sqrt(v) + tau)}.
 */
public final class FedAdam implements Strategy {

  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.99;
  public static final double TAU = 1e-3;

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double tau;

  /** FedAdam with the paper's defaults (beta1 0.9, beta2 0.99, tau 1e-3). */
  public FedAdam(double learningRate) {
    this(learningRate, BETA1, BETA2, TAU);
  }

  public FedAdam(double learningRate, double beta1, double beta2, double tau) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("server learning rate must be > 0, was " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && tau > 0)) {
      throw new IllegalArgumentException("need 0 <= beta < 1 and tau > 0");
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.tau = tau;
  }

  @Override
  public StrategyKind kind() {
    return StrategyKind.FEDADAM;
  }

  @Override
  public ServerStep apply(double[] global, OptimizerState state, double[] meanDelta) {
    int n = global.length;
    if (meanDelta.length != n) {
      throw new IllegalArgumentException("update has " + meanDelta.length + " values, model " + n);
    }
    double[] m = state.isEmpty() ? new double[n] : state.firstMoment().clone();
    double[] v = state.isEmpty() ? new double[n] : state.secondMoment().clone();
    if (m.length != n) {
      throw new IllegalArgumentException("optimizer state does not match the model");
    }
    double[] next = meanDelta;
    for (int i = 0; i < n; i++) {
      double d = meanDelta[i];
      m[i] = beta1 * m[i] + (1 - beta1) * d;
      v[i] = beta2 * v[i] + (1 - beta2) * d * d;
      next[i] = global[i] + learningRate * m[i] / (Math.sqrt(v[i]) + tau);
    }
    return new ServerStep(next, new OptimizerState(m, v, state.steps() + 1));
  }
}
