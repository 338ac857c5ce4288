package org.transitionnet.federation.job;

import java.util.Locale;

/**
 * Which methods of the benchmark protocol (TransitionNet §7) a job's leaderboard holds.
 *
 * <ul>
 *   <li>{@link #FEDERATED}: the task's baselines and the job's federated strategy (the default).
 *   <li>{@link #FULL}: also {@code local:<site>} (trained at that site alone, evaluated at every
 *       site, hence the cross-site matrix) and {@code loso:<site>} (the strategy federated over
 *       every other site, read at the held-out site). The coordinator trains them as sub-jobs of
 *       the job once its own rounds are done; each spends the sites' privacy budget like any job.
 * </ul>
 */
public enum EvaluationProtocol {
  FEDERATED,
  FULL;

  /** The lower-case name of the REST API and the leaderboard's settings ("full"). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "federated" or "full" (any case). */
  public static EvaluationProtocol parse(String name) {
    for (EvaluationProtocol protocol : values()) {
      if (protocol.name().equalsIgnoreCase(name.trim())) {
        return protocol;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '" + name + "', expected federated or full");
  }
}
