/**
 * The benchmark metrics of TransitionNet §5, computed from additive sufficient statistics so that
 * sums from several sites give the pooled metrics exactly.
 */
package org.transitionnet.metrics;
