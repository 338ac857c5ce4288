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

  /**
   * Evaluates with each test record's contribution to the sums bounded to {@code clipSds} training
   * sds of each target ({@code TargetMetricSums#boundContributions}), which a differentially
   * private release needs; {@code 0} = unbounded, the same as {@link #evaluate(String,
   * EvaluationSubject, EvaluationScope)}.
   *
   * @throws EvaluationException when {@code clipSds > 0} and this evaluator cannot bound
   *     contributions (the default), so no unbounded sums are released as if they were bounded
   */
  default MetricsAccumulator evaluate(
      String task, EvaluationSubject subject, EvaluationScope scope, double clipSds)
      throws EvaluationException {
    if (clipSds == 0) {
      return evaluate(task, subject, scope);
    }
    throw new EvaluationException(
        "this site's evaluator cannot bound per-record contributions, which its differentially"
            + " private evaluation release needs");
  }
}
