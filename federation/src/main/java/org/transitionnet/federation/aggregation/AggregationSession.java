package org.transitionnet.federation.aggregation;

import java.util.Set;

/**
 * The aggregate of one round attempt, fed chunk by chunk as uploads arrive so that memory stays
 * near one model's size whatever the number of sites. Thread-safe.
 */
public interface AggregationSession {

  /**
   * Starts a site's contribution.
   *
   * @param weight the site's sample count (FedAvg weight), at least 1
   * @throws UpdateRejectedException when the site already began or the weight is invalid
   */
  void begin(String siteId, long weight) throws UpdateRejectedException;

  /**
   * Adds a slice of the site's update at {@code offset}.
   *
   * @throws UpdateRejectedException when the slice is out of range or not finite; nothing of it
   *     entered the aggregate then
   */
  void accept(String siteId, int offset, double[] values) throws UpdateRejectedException;

  /** Marks the site's contribution complete (all its values accepted). */
  void complete(String siteId) throws UpdateRejectedException;

  /** Sites that began but did not complete: their partial values are in the running sum. */
  Set<String> incomplete();

  /** Sites whose whole contribution is in the sum. */
  Set<String> completed();

  /**
   * Closes the session and returns the weighted mean of the completed contributions.
   *
   * @throws IllegalStateException when a contribution is incomplete (the sum would be wrong)
   */
  WeightedMean finish();
}
