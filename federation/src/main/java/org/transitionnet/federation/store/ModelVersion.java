package org.transitionnet.federation.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A global model of a job: version 0 is the seeded initial model, version r the model that round r
 * produced.
 *
 * @param jobId the job
 * @param version 0 for the initial model, else the round that produced it
 * @param parameters the flat parameter vector (owned by this record; do not mutate)
 * @param optimizerState the server optimizer's state after producing this version
 * @param created when it was stored
 */
public record ModelVersion(
    String jobId,
    int version,
    double[] parameters,
    OptimizerState optimizerState,
    Instant created) {

  public ModelVersion {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(optimizerState, "optimizerState");
    Objects.requireNonNull(created, "created");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0");
    }
  }
}
