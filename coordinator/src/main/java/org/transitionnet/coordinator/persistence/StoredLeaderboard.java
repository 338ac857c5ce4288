package org.transitionnet.coordinator.persistence;

import java.time.Instant;
import java.util.Optional;

/**
 * A job's evaluation as stored.
 *
 * @param jobId the job
 * @param state {@code running}, {@code completed} or {@code failed}
 * @param progress e.g. {@code 2 of 4 methods evaluated}, or the failure
 * @param document the §8 leaderboard JSON once completed, else {@code null}
 * @param updated when it last changed
 */
public record StoredLeaderboard(
    String jobId, String state, String progress, String document, Instant updated) {

  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  /** The §8 document once the evaluation completed, else empty. */
  public Optional<String> completedDocument() {
    return COMPLETED.equals(state) && document != null ? Optional.of(document) : Optional.empty();
  }
}
