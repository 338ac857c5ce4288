package org.transitionnet.benchmark;

import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.task.SplitRule;

/**
 * Settings of a local benchmark run.
 *
 * @param seed splits, initial weights and batch order are functions of it
 * @param k metrics over fewer records are reported as {@code null}
 * @param model the transition model's size and optimiser
 * @param epochs training budget in passes over the pooled training set; every trained method
 *     (pooled and each local model) gets the same number of optimisation steps
 * @param split the train/test rule within sites
 */
public record BenchmarkOptions(long seed, int k, ModelConfig model, int epochs, SplitRule split) {

  public BenchmarkOptions {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
    }
  }

  public static final int DEFAULT_EPOCHS = 30;

  public static BenchmarkOptions defaults(long seed) {
    return new BenchmarkOptions(
        seed,
        MetricsAccumulator.DEFAULT_K,
        ModelConfig.defaults().withSeed(seed),
        DEFAULT_EPOCHS,
        SplitRule.SUBJECT);
  }

  public BenchmarkOptions withEpochs(int n) {
    return new BenchmarkOptions(seed, k, model, n, split);
  }

  public BenchmarkOptions withModel(ModelConfig m) {
    return new BenchmarkOptions(seed, k, m, epochs, split);
  }

  public BenchmarkOptions withSplit(SplitRule s) {
    return new BenchmarkOptions(seed, k, model, epochs, s);
  }

  public BenchmarkOptions withK(int newK) {
    return new BenchmarkOptions(seed, newK, model, epochs, split);
  }
}
