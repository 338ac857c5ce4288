package org.transitionnet.node.federation;

import java.util.Optional;
import java.util.function.Function;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.federation.evaluation.BenchmarkSiteEvaluator;
import org.transitionnet.federation.evaluation.EvaluationException;
import org.transitionnet.federation.evaluation.EvaluationScope;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.evaluation.SiteEvaluator;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.ModelSpec;
import org.transitionnet.model.ModelSpecException;
import org.transitionnet.proto.v1.JobSpec;

/**
 * Evaluates on the stored transitions' test split of a job: the library's {@link
 * BenchmarkSiteEvaluator} over the job's split of this site (baselines fit on its training split),
 * encoded with the job's pooled statistics, so the sums are those the benchmark computes for the
 * same predictor.
 */
final class StoredTransitionsEvaluator implements SiteEvaluator {

  private final StoredSplits splits;
  private final Function<String, Optional<JobSpec>> specs;

  StoredTransitionsEvaluator(StoredSplits splits, Function<String, Optional<JobSpec>> specs) {
    this.splits = splits;
    this.specs = specs;
  }

  @Override
  public MetricsAccumulator evaluate(String task, EvaluationSubject subject)
      throws EvaluationException {
    return evaluate(task, subject, null);
  }

  @Override
  public MetricsAccumulator evaluate(String task, EvaluationSubject subject, EvaluationScope scope)
      throws EvaluationException {
    return evaluate(task, subject, scope, 0);
  }

  @Override
  public MetricsAccumulator evaluate(
      String task, EvaluationSubject subject, EvaluationScope scope, double clipSds)
      throws EvaluationException {
    if (scope == null) {
      throw new EvaluationException(
          "the evaluate task names no job (split seed and pooled statistics); this site evaluates"
              + " only within a job");
    }
    try {
      StoredSplits.TaskSplit split = splits.split(task, scope.splitSeed());
      FeatureEncoder encoder =
          new FeatureEncoder(split.task(), scope.statistics().toFeatureStatistics(split.task()));
      return new BenchmarkSiteEvaluator(
              encoder, model(scope), split.split().train(), split.split().test())
          .evaluate(task, subject, scope, clipSds);
    } catch (TrainingException | IllegalArgumentException e) {
      throw new EvaluationException(e.getMessage(), e);
    }
  }

  /**
   * The model to evaluate: the spec the evaluate task carries (the job's seed is its split seed),
   * else the spec of the job this node was offered, else the default model.
   */
  private ModelConfig model(EvaluationScope scope) throws TrainingException {
    try {
      if (!scope.modelSpec().isEmpty()) {
        return ModelSpec.parse(scope.modelSpec()).config(scope.splitSeed());
      }
      Optional<JobSpec> spec = specs.apply(scope.jobId());
      if (spec.isEmpty()) {
        return ModelConfig.defaults();
      }
      return ModelSpec.parse(spec.get().getModelSpec()).config(spec.get().getSeed());
    } catch (ModelSpecException e) {
      throw new TrainingException(e.getMessage(), e);
    }
  }
}
