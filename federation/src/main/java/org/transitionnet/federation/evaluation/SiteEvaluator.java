package org.transitionnet.federation.evaluation;

import org.transitionnet.metrics.MetricsAccumulator;

/**
 * The site's seam to its data: evaluates a subject on the site's local test split of a task and
 * returns the additive metric sums (never predictions). The site agent turns them into an {@code
 * EvaluationResult} with {@link SufficientStatistics#toResult}, suppressing small cells.
 */
public interface SiteEvaluator {

  /**
   * @param task the task id of the evaluation
   * @param subject a model version with its weights, or a baseline to fit on the training split
   * @throws EvaluationException when the site cannot evaluate it (unknown task, wrong model size)
   */
  MetricsAccumulator evaluate(String task, EvaluationSubject subject) throws EvaluationException;

  /**
   * Evaluates within a job's scope: its split seed and pooled statistics. Evaluators built for one
   * fixed split and encoding (the simulator's) ignore the scope.
   *
   * @param scope the job's scope, {@code null} when the task carries none
   */
  default MetricsAccumulator evaluate(String task, EvaluationSubject subject, EvaluationScope scope)
      throws EvaluationException {
    return evaluate(task, subject);
  }
}
