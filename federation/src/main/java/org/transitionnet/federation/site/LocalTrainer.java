package org.transitionnet.federation.site;

/**
 * A site's local training: from the global parameters, take the plan's steps on local data and
 * return the new parameters. The benchmark module's transition model implements it for real.
 */
@FunctionalInterface
public interface LocalTrainer {

  /**
   * Trains from {@code globalParameters} (must not be modified).
   *
   * @throws TrainingException when the site cannot train (e.g. its data does not fit the task)
   */
  LocalUpdate train(double[] globalParameters, RoundPlan plan) throws TrainingException;
}
