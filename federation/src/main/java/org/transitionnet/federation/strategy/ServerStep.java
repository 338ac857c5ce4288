package org.transitionnet.federation.strategy;

import org.transitionnet.federation.store.OptimizerState;

/**
 * The result of applying a strategy: the next global parameters and the optimizer's state.
 *
 * @param parameters next global model
 * @param state server optimizer state to store with it
 */
public record ServerStep(double[] parameters, OptimizerState state) {}
