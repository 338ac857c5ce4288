package org.transitionnet.federation.store;

import java.util.List;
import java.util.Optional;

/**
 * Round records and model versions of jobs. A round is committed atomically with the model it
 * produced: after a crash either both exist or neither does, which is what lets a restarted
 * coordinator resume at the last completed round.
 */
public interface RoundRepository {

  /** Stores the initial model (version 0) of a job; refused when the job already has one. */
  void storeInitialModel(ModelVersion initial);

  /**
   * Writes a completed round and its model in one transaction.
   *
   * @throws DuplicateRoundException when the round exists already, or is not the successor of the
   *     latest version
   */
  void commit(RoundRecord record, ModelVersion produced);

  /**
   * Durably records that a new attempt of a round is starting and returns its number: one more than
   * the last attempt of that round any coordinator started on this store, 1 for the first. Attempt
   * numbers name a round on the wire (uploads carry job, round and attempt), so a coordinator that
   * restarts mid-round must not reuse the interrupted attempt's number: a late upload of that
   * attempt would otherwise be taken for the new one.
   *
   * @throws IllegalStateException when the job has no model, or {@code round} is not the round
   *     after its latest version
   */
  int startAttempt(String jobId, int round);

  /** The newest model version of a job (the initial model before any round completed). */
  Optional<ModelVersion> latestModel(String jobId);

  Optional<ModelVersion> model(String jobId, int version);

  /** Completed rounds of a job, in round order. */
  List<RoundRecord> rounds(String jobId);
}
