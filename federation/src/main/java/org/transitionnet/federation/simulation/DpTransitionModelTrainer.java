package org.transitionnet.federation.simulation;

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
 * is charged to the site's {@link PrivacyLedger} after it ran; a round that would take the site
 * past its budget is refused (a {@link TrainingException}), so the job stops there.
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
  private final PrivacyLedger ledger = new PrivacyLedger();

  /**
   * @param seed seeds the Poisson sampling and the noise (a simulation; a node uses {@link
   *     org.transitionnet.security.dp.NoiseSource#secure()})
   */
  public DpTransitionModelTrainer(
      TransitionModel model, List<Example> examples, Settings settings, long seed) {
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
    this.sampling = new Random(seed);
    this.noise = new Random(seed ^ 0x5DEECE66DL);
  }

  /** σ, the noise multiplier of every step. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** q, the Poisson sampling rate of every step. */
  public double samplingRate() {
    return samplingRate;
  }

  /** ε this site has spent so far at the job's δ (record level). */
  public synchronized double epsilonSpent() {
    return ledger.charges().isEmpty()
        ? 0
        : ledger.spent(PrivacyLedger.Level.RECORD, settings.delta()).epsilon();
  }

  /** The site's privacy ledger (one training charge per round). */
  public PrivacyLedger ledger() {
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
            plan.round() + " DP-SGD training");
    // slack: the planned steps were sized to the budget by bisection
    if (ledger.wouldExceed(
        charge, new PrivacyBudget(settings.epsilon() * (1 + 1e-6), settings.delta()))) {
      throw new TrainingException(
          "record-level privacy budget spent: "
              + epsilonSpent()
              + " of epsilon "
              + settings.epsilon()
              + " used, round "
              + plan.round()
              + " would exceed it");
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
    ledger.charge(charge);
    // no training loss is reported: it would be a release of the data the ledger does not cover
    return new LocalUpdate(model.parameters(), examples.size(), 0);
  }
}
