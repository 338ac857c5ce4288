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
 */
public record EvaluationRequest(
    String evaluationId, String task, EvaluationSubject subject, int minCount) {

  public EvaluationRequest {
    Objects.requireNonNull(evaluationId, "evaluationId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(subject, "subject");
    if (minCount < 0) {
      throw new IllegalArgumentException("min count must be >= 0, was " + minCount);
    }
  }
}
