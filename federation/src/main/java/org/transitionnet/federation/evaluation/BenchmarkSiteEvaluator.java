package org.transitionnet.federation.evaluation;

import java.util.List;
import java.util.Objects;
import org.transitionnet.baseline.LinearBaseline;
import org.transitionnet.baseline.MeanChangeBaseline;
import org.transitionnet.baseline.NoChangeBaseline;
import org.transitionnet.benchmark.Evaluation;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.model.TransitionPredictor;
import org.transitionnet.record.TransitionRecord;

/**
 * A site's evaluator over its own split of one task: model versions are loaded into a {@link
 * TransitionModel} of the task's shape; baselines are fit on the site's <em>own</em> training split
 * (no data leaves the site to fit them). Evaluation is the benchmark's {@link Evaluation}, so a
 * site's sums are exactly those the in-process benchmark computes for the same predictor.
 */
public final class BenchmarkSiteEvaluator implements SiteEvaluator {

  private final FeatureEncoder encoder;
  private final ModelConfig model;
  private final List<TransitionRecord> train;
  private final List<TransitionRecord> test;
  private TransitionModel loaded;

  /**
   * @param encoder the task's encoder (feature statistics agreed by the federation)
   * @param model the model shape of the task's jobs
   * @param train the site's training split (baselines are fit on it)
   * @param test the site's test split
   */
  public BenchmarkSiteEvaluator(
      FeatureEncoder encoder,
      ModelConfig model,
      List<TransitionRecord> train,
      List<TransitionRecord> test) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.model = Objects.requireNonNull(model, "model");
    this.train = List.copyOf(train);
    this.test = List.copyOf(test);
  }

  @Override
  public MetricsAccumulator evaluate(String task, EvaluationSubject subject)
      throws EvaluationException {
    return evaluate(task, subject, null, 0);
  }

  /** Evaluates on this evaluator's own split and encoding; the scope is not used. */
  @Override
  public synchronized MetricsAccumulator evaluate(
      String task, EvaluationSubject subject, EvaluationScope scope, double clipSds)
      throws EvaluationException {
    if (!encoder.task().name().equals(task)) {
      throw new EvaluationException(
          "this site evaluates task '" + encoder.task().name() + "', not '" + task + "'");
    }
    return Evaluation.evaluate(predictor(subject), encoder, test, clipSds);
  }

  private TransitionPredictor predictor(EvaluationSubject subject) throws EvaluationException {
    if (subject instanceof EvaluationSubject.Baseline b) {
      List<Example> examples = encoder.encodeAll(train);
      int targets = encoder.targetCount();
      return switch (b.name()) {
        case NoChangeBaseline.NAME -> NoChangeBaseline.fit(examples, targets);
        case MeanChangeBaseline.NAME -> MeanChangeBaseline.fit(examples, targets);
        case LinearBaseline.NAME -> LinearBaseline.fit(examples, targets);
        default -> throw new EvaluationException("unknown baseline '" + b.name() + "'");
      };
    }
    EvaluationSubject.Model m = (EvaluationSubject.Model) subject;
    if (loaded == null) {
      loaded = TransitionModel.create(encoder, model);
    }
    if (m.parameters().length != loaded.parameterCount()) {
      throw new EvaluationException(
          "model "
              + m.jobId()
              + " v"
              + m.version()
              + " has "
              + m.parameters().length
              + " parameters, this task's model has "
              + loaded.parameterCount());
    }
    loaded.setParameters(m.parameters());
    return loaded;
  }
}
