/**
 * The local benchmark protocol: split each site, fit the baselines, the pooled and the per-site
 * models from one seeded initial model, evaluate every method on every site's test set and the
 * pooled test set, and build the leaderboard.
 */
package org.transitionnet.benchmark;
