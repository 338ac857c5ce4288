package org.transitionnet.node.federation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.privacy.DpTransitionModelTrainer;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.model.ExampleBatches;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.ModelSpec;
import org.transitionnet.model.ModelSpecException;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.proto.v1.JobSpec;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.security.dp.NoiseSource;
import org.transitionnet.task.Task;

/**
 * Local training on the node's stored transitions: the job's task file says what the model predicts
 * from what, {@code federation.dataset[.<task>]} says which stored dataset it learns from, the
 * job's model spec and seed shape the model exactly as the coordinator shaped the initial one. Each
 * round starts from the global parameters and takes the plan's steps on this site's training split
 * only (the test split is kept for evaluation).
 *
 * <p>When the job asks for record-level DP the round runs DP-SGD ({@link DpTransitionModelTrainer},
 * secure noise and sampling) sized for the job's planned rounds, charged to the site's privacy
 * ledger, which refuses a round past the job's or the site's budget.
 *
 * <p>Features are standardised with the job's pooled statistics from the statistics step, so every
 * site encodes identically.
 */
final class StoredTransitionsTrainer implements LocalTrainer {

  private static final Logger LOG = Logger.getLogger(StoredTransitionsTrainer.class.getName());

  private final StoredSplits splits;
  private final Function<String, java.util.Optional<JobSpec>> specs;
  private final Supplier<SitePrivacyLedger> ledger;
  private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
  private final Map<String, DpTransitionModelTrainer> privateTrainers = new ConcurrentHashMap<>();

  private record Prepared(TransitionModel model, List<Example> examples) {}

  /**
   * @param ledger the site's privacy ledger, opened when a DP job first trains
   */
  StoredTransitionsTrainer(
      StoredSplits splits,
      Function<String, java.util.Optional<JobSpec>> specs,
      Supplier<SitePrivacyLedger> ledger) {
    this.splits = splits;
    this.specs = specs;
    this.ledger = ledger;
  }

  @Override
  public LocalUpdate train(double[] globalParameters, RoundPlan plan) throws TrainingException {
    String jobId = plan.round().jobId();
    JobSpec spec =
        specs
            .apply(jobId)
            .orElseThrow(() -> new TrainingException("no offer seen for job " + jobId));
    Prepared job = prepared.get(jobId);
    if (job == null) {
      job = prepare(spec, plan);
      prepared.put(jobId, job);
    }
    TransitionModel model = job.model();
    if (model.parameterCount() != globalParameters.length) {
      throw new TrainingException(
          "the global model has "
              + globalParameters.length
              + " parameters, this site's model of task "
              + spec.getTask()
              + " has "
              + model.parameterCount());
    }
    if (plan.privacy().level() == DifferentialPrivacy.Level.RECORD) {
      return trainPrivately(jobId, job, globalParameters, plan);
    }
    model.setParameters(globalParameters);
    model.resetOptimizer();
    model.setProximalTerm(plan.proximalMu(), globalParameters);
    ExampleBatches batches =
        new ExampleBatches(job.examples(), model.config().batchSize(), plan.seed());
    double loss = model.trainSteps(batches, plan.localSteps());
    LOG.info(() -> "trained " + plan.round() + ": " + plan.localSteps() + " steps, loss " + loss);
    return new LocalUpdate(model.parameters(), job.examples().size(), loss);
  }

  private LocalUpdate trainPrivately(
      String jobId, Prepared job, double[] globalParameters, RoundPlan plan)
      throws TrainingException {
    DifferentialPrivacy dp = plan.privacy().settings();
    DpTransitionModelTrainer trainer =
        privateTrainers.computeIfAbsent(
            jobId,
            id ->
                new DpTransitionModelTrainer(
                    job.model(),
                    job.examples(),
                    new DpTransitionModelTrainer.Settings(
                        dp.epsilon(),
                        dp.delta(),
                        dp.clipNorm(),
                        (long) plan.privacy().plannedRounds() * plan.localSteps()),
                    id,
                    NoiseSource.secure(),
                    NoiseSource.secure(),
                    ledger.get()));
    LocalUpdate update = trainer.train(globalParameters, plan);
    LOG.info(
        () ->
            "trained "
                + plan.round()
                + " with DP-SGD: "
                + plan.localSteps()
                + " steps, noise multiplier "
                + trainer.noiseMultiplier()
                + ", epsilon spent "
                + update.dpEpsilonSpent()
                + " of "
                + dp.epsilon());
    return update;
  }

  private Prepared prepare(JobSpec spec, RoundPlan plan) throws TrainingException {
    StoredSplits.TaskSplit split = splits.split(spec.getTask(), spec.getSeed());
    Task task = split.task();
    List<TransitionRecord> train = split.split().train();
    FeatureStatistics statistics;
    if (plan.statistics() != null) {
      try {
        statistics = plan.statistics().toFeatureStatistics(task);
      } catch (IllegalArgumentException e) {
        throw new TrainingException(e.getMessage(), e);
      }
    } else {
      LOG.warning(
          () ->
              "job "
                  + spec.getJobId()
                  + ": the train task carries no pooled statistics; encoding with this site's own");
      statistics = FeatureStatistics.of(task, train);
    }
    FeatureEncoder encoder = new FeatureEncoder(task, statistics);
    List<Example> examples;
    try {
      examples = encoder.encodeAll(train);
    } catch (IllegalArgumentException e) {
      throw new TrainingException(
          "dataset " + split.dataset() + " does not fit task " + spec.getTask(), e);
    }
    ModelConfig config;
    try {
      config =
          ModelSpec.parse(spec.getModelSpec())
              .config(spec.getSeed())
              .withLearningRate(plan.learningRate() > 0 ? plan.learningRate() : 3e-3);
    } catch (ModelSpecException e) {
      throw new TrainingException(e.getMessage(), e);
    }
    return new Prepared(TransitionModel.create(encoder, config), examples);
  }
}
