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
}
