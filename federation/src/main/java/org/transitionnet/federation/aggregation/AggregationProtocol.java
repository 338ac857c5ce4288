package org.transitionnet.federation.aggregation;

import org.transitionnet.federation.job.RoundId;

/**
 * Combines the sites' updates of one round into their sample-weighted mean. The plain protocol sees
 * each update; a secure-aggregation protocol sees only masked inputs and learns the sum.
 */
public interface AggregationProtocol {

  /** A short name for logs and the leaderboard ("plain", "secagg"). */
  String name();

  /** Whether the coordinator sees only the sum (true for secure aggregation). */
  boolean secure();

  /** Opens the aggregate of one round attempt over vectors of {@code parameterCount} values. */
  AggregationSession open(RoundId round, int parameterCount);
}
