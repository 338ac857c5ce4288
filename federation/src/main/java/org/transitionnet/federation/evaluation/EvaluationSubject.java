package org.transitionnet.federation.evaluation;

import java.util.Objects;
import java.util.Set;

/** What a site evaluates: a model version of a job (with its weights) or a named baseline. */
public sealed interface EvaluationSubject {

  /** The baselines a site fits on its own training split. */
  Set<String> BASELINES = Set.of("no-change", "mean-change", "linear");

  /**
   * A model version of a job.
   *
   * @param jobId the job (or method, e.g. {@code local:site-a}) the weights belong to
   * @param version the model version (the round that produced it)
   * @param parameters the flat parameter vector
   */
  record Model(String jobId, int version, double[] parameters) implements EvaluationSubject {
    public Model {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(parameters, "parameters");
      if (version < 0) {
        throw new IllegalArgumentException("model version must be >= 0, was " + version);
      }
    }
  }

  /**
   * A baseline by name ({@code no-change}, {@code mean-change}, {@code linear}).
   *
   * @param name the baseline's leaderboard name
   */
  record Baseline(String name) implements EvaluationSubject {
    public Baseline {
      if (!BASELINES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown baseline '" + name + "', expected one of " + BASELINES);
      }
    }
  }
}
