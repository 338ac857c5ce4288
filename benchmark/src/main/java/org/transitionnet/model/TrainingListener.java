package org.transitionnet.model;

/** Told after every local optimisation step (e.g. to draw a progress bar). */
@FunctionalInterface
public interface TrainingListener {

  /**
   * @param step steps done so far in this call (1-based)
   * @param totalSteps steps this call will make
   * @param loss mean loss of the step's batch
   */
  void onStep(int step, int totalSteps, double loss);

  TrainingListener NONE = (step, total, loss) -> {};
}
