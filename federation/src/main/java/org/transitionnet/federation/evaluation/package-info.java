/**
 * Distributed benchmark evaluation: sites evaluate a model version or a baseline on their own test
 * split and return only additive sufficient statistics (suppressed below {@code min_count}); the
 * coordinator adds them up into exact pooled metrics and builds the §7/§8 leaderboard.
 */
package org.transitionnet.federation.evaluation;
