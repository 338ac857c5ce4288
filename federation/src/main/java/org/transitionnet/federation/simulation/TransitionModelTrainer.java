package org.transitionnet.federation.simulation;

import java.util.List;
import org.transitionnet.features.Example;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.model.ExampleBatches;
import org.transitionnet.model.TransitionModel;

/**
 * A site's local training with the benchmark's transition model: from the global weights, a fresh
 * local optimizer, the FedProx term when the round asks for it, and the round's number of steps on
 * batches of the site's own training examples. The batch stream continues across rounds, so the
 * site walks through its data as the pooled model walks through the union.
 */
public final class TransitionModelTrainer implements LocalTrainer {

  private final TransitionModel model;
  private final List<Example> examples;
  private final ExampleBatches batches;

  /**
   * @param model the site's model (same encoder and configuration as the global one)
   * @param examples the site's encoded training examples
   * @param batchSeed seed of the site's batch order
   */
  public TransitionModelTrainer(TransitionModel model, List<Example> examples, long batchSeed) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("a site needs training examples");
    }
    this.model = model;
    this.examples = List.copyOf(examples);
    this.batches = new ExampleBatches(this.examples, model.config().batchSize(), batchSeed);
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
    model.setParameters(globalParameters);
    model.resetOptimizer();
    model.setProximalTerm(plan.proximalMu(), globalParameters);
    double loss = model.trainSteps(batches, plan.localSteps());
    model.setProximalTerm(0, globalParameters);
    return new LocalUpdate(model.parameters(), examples.size(), loss);
  }
}
