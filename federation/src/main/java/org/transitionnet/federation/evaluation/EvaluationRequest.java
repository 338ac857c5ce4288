package org.transitionnet.federation.evaluation;

import java.util.Objects;

/**
 * One evaluation the coordinator sends to sites.
 *
 * @param evaluationId unique per evaluation; sites echo it
 * @param task the task id whose test split the sites use
 * @param subject a model version with weights or a baseline
 * @param minCount minimum records per reported cell (0 = {@link
 *     SufficientStatistics#DEFAULT_MIN_COUNT})
 * @param scope the job's split seed and pooled statistics; {@code null} = the site's own split and
 *     encoding (simulator sites built for one benchmark)
 */
public record EvaluationRequest(
    String evaluationId,
    String task,
    EvaluationSubject subject,
    int minCount,
    EvaluationScope scope) {

  public EvaluationRequest {
    Objects.requireNonNull(evaluationId, "evaluationId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(subject, "subject");
    if (minCount < 0) {
      throw new IllegalArgumentException("min count must be >= 0, was " + minCount);
    }
  }

  /** An evaluation without a job scope. */
  public EvaluationRequest(
      String evaluationId, String task, EvaluationSubject subject, int minCount) {
    this(evaluationId, task, subject, minCount, null);
  }
}
