/**
 * The transition model (a Deeplearning4j network from baseline state, context, action and Δt to a
 * Gaussian per target) with its parameters as one flat vector — the unit a federation exchanges —
 * and the predictor interface that the model and the baselines share.
 */
package org.transitionnet.model;
