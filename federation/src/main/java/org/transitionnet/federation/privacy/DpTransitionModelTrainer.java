package org.transitionnet.federation.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.transitionnet.features.Example;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.security.dp.DpSgd;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.security.dp.RdpAccountant;

/**
 * A site's local training with record-level differential privacy (DP-SGD, Abadi et al. 2016) on the
 * benchmark's transition model.
 *
 * <p>Each step draws a <b>Poisson</b> sample of the site's training examples (every example
 * independently with probability {@code q = batchSize / n}), which is the sampling the RDP
 * accountant's sampled Gaussian mechanism assumes. The per-example gradients come from the model,
 * {@link DpSgd#privatize} clips each to L2 norm C and adds N(0, σ²C²) noise, and the noisy sum
 * divided by the expected batch size {@code q·n} is one Adam step.
 *
 * <p>σ is derived once from the job's budget: the smallest σ for which all the site's planned steps
 * (rounds × local steps) stay within (ε, δ) ({@link RdpAccountant#noiseMultiplierFor}). Every round
 * is charged to the site's {@link SitePrivacyLedger} after it ran; a round that would take the job
 * past its (ε, δ) at this site, or the site past its own budget, is refused (a {@link
 * TrainingException} naming the budget), so the job stops there. Because the job's spending is read
 * from the site's ledger, a restarted node that reopens its stored ledger keeps counting.
 */
public final class DpTransitionModelTrainer implements LocalTrainer {

  /**
   * The record-level DP settings of a job at one site.
   *
   * @param epsilon the job's ε
   * @param delta the job's δ (1e-5 by default)
   * @param clipNorm C, the per-example L2 clip
   * @param totalSteps the site's planned steps over the whole job (rounds × local steps)
   */
  public record Settings(double epsilon, double delta, double clipNorm, long totalSteps) {
    public Settings {
      if (!(epsilon > 0) || !(delta > 0 && delta < 1) || !(clipNorm > 0) || totalSteps < 1) {
        throw new IllegalArgumentException(
            "need epsilon > 0, 0 < delta < 1, clipNorm > 0, totalSteps >= 1");
      }
    }
  }

  private final TransitionModel model;
  private final List<Example> examples;
  private final Settings settings;
  private final double samplingRate;
  private final double noiseMultiplier;
  private final Random sampling;
  private final Random noise;
  private final String jobId;
  private final SitePrivacyLedger ledger;

  /**
   * A simulated site: seeded sampling and noise, a ledger in memory whose only limit is the job's
   * budget.
   *
   * @param seed seeds the Poisson sampling and the noise
   */
  public DpTransitionModelTrainer(
      TransitionModel model, List<Example> examples, Settings settings, long seed) {
    this(
        model,
        examples,
        settings,
        "job",
        new Random(seed),
        new Random(seed ^ 0x5DEECE66DL),
        SitePrivacyLedger.inMemory(
            "simulation", new PrivacyBudget(Double.MAX_VALUE, settings.delta())));
  }

  /**
   * A site's trainer for one job.
   *
   * @param jobId the job, as its charges are recorded in the ledger
   * @param sampling the Poisson sampling's source
   * @param noise the noise source: {@link org.transitionnet.security.dp.NoiseSource#secure()} on a
   *     node
   * @param ledger the site's ledger; charged after every round
   */
  public DpTransitionModelTrainer(
      TransitionModel model,
      List<Example> examples,
      Settings settings,
      String jobId,
      Random sampling,
      Random noise,
      SitePrivacyLedger ledger) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("a site needs training examples");
    }
    this.model = model;
    this.examples = List.copyOf(examples);
    this.settings = settings;
    this.samplingRate = Math.min(1.0, model.config().batchSize() / (double) examples.size());
    this.noiseMultiplier =
        RdpAccountant.noiseMultiplierFor(
            settings.epsilon(), settings.delta(), samplingRate, settings.totalSteps());
    this.sampling = sampling;
    this.noise = noise;
    this.jobId = jobId;
    this.ledger = ledger;
  }

  /** σ, the noise multiplier of every step. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** q, the Poisson sampling rate of every step. */
  public double samplingRate() {
    return samplingRate;
  }

  /** ε this site has spent on the job so far at the job's δ (record level). */
  public double epsilonSpent() {
    return ledger.jobEpsilon(jobId, PrivacyLedger.Level.RECORD, settings.delta());
  }

  /** The site's privacy ledger (one training charge per round). */
  public SitePrivacyLedger ledger() {
    return ledger;
  }

  @Override
  public synchronized LocalUpdate train(double[] globalParameters, RoundPlan plan)
      throws TrainingException {
    if (globalParameters.length != model.parameterCount()) {
      throw new TrainingException(
          "global model has "
              + globalParameters.length
              + " parameters, this site's model "
              + model.parameterCount());
    }
    PrivacyLedger.Charge charge =
        PrivacyLedger.Charge.training(
            PrivacyLedger.Level.RECORD,
            plan.localSteps(),
            samplingRate,
            noiseMultiplier,
            "round " + plan.round().round() + " DP-SGD training");
    // slack: the planned steps were sized to the budget by bisection
    if (ledger.jobWouldExceed(
        jobId, charge, new PrivacyBudget(settings.epsilon() * (1 + 1e-6), settings.delta()))) {
      throw new TrainingException(
          "record-level privacy budget of the job spent: "
              + epsilonSpent()
              + " of epsilon "
              + settings.epsilon()
              + " used, round "
              + plan.round()
              + " would exceed it");
    }
    try {
      ledger.admit(jobId, charge);
    } catch (PrivacyBudgetExceededException e) {
      throw new TrainingException(e.getMessage());
    }
    model.setParameters(globalParameters);
    model.resetOptimizer();
    model.setProximalTerm(plan.proximalMu(), globalParameters);
    double expectedBatch = samplingRate * examples.size();
    for (int step = 0; step < plan.localSteps(); step++) {
      List<Example> batch = new ArrayList<>();
      for (Example e : examples) {
        if (sampling.nextDouble() < samplingRate) {
          batch.add(e);
        }
      }
      List<double[]> gradients =
          batch.isEmpty()
              ? List.of(new double[model.parameterCount()])
              : model.perExampleGradients(batch);
      double[] noisy = DpSgd.privatize(gradients, settings.clipNorm(), noiseMultiplier, noise);
      for (int i = 0; i < noisy.length; i++) {
        noisy[i] /= expectedBatch;
      }
      model.applyGradient(noisy);
    }
    model.setProximalTerm(0, globalParameters);
    ledger.record(jobId, charge);
    // no training loss is reported: it would be a release of the data the ledger does not cover
    return new LocalUpdate(model.parameters(), examples.size(), 0, epsilonSpent());
  }
}
