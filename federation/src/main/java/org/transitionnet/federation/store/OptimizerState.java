package org.transitionnet.federation.store;

/**
 * The server optimizer's memory between rounds (FedAdam's moment estimates), stored with each model
 * version so a restarted coordinator continues the same optimisation.
 *
 * @param firstMoment m, or an empty array when the strategy keeps no state
 * @param secondMoment v, or an empty array
 * @param steps number of server steps taken
 */
public record OptimizerState(double[] firstMoment, double[] secondMoment, long steps) {

  /** The state of a strategy that remembers nothing. */
  public static final OptimizerState NONE = new OptimizerState(new double[0], new double[0], 0);

  public OptimizerState {
    if (firstMoment.length != secondMoment.length) {
      throw new IllegalArgumentException("moment vectors differ in length");
    }
  }

  public boolean isEmpty() {
    return firstMoment.length == 0;
  }
}
