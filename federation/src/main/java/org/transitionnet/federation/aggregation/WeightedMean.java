package org.transitionnet.federation.aggregation;

/**
 * The sample-weighted mean of the sites' updates of a round.
 *
 * @param values mean update, one value per parameter
 * @param totalWeight sum of the sites' weights (sample counts)
 * @param contributors number of sites in the mean
 */
public record WeightedMean(double[] values, long totalWeight, int contributors) {}
