/**
 * The baselines every leaderboard carries ({@code no-change}, {@code mean-change}, {@code linear}),
 * each predicting a Gaussian per target with the training residual SD as its spread.
 */
package org.transitionnet.baseline;
