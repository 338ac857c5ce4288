package org.transitionnet.coordinator.jobs;

/**
 * Where a job's seeded initial model (version 0) comes from: the model family named by the job's
 * model spec, built for its task. The coordinator never sees records, so the model's shape must
 * follow from the task and spec alone.
 */
public interface InitialModels {

  /**
   * The initial flat parameter vector; its length is the job's parameter count.
   *
   * @throws UnknownModelException when the task or model spec is not one this coordinator knows
   */
  double[] initialParameters(String task, String modelSpec, long seed) throws UnknownModelException;
}
