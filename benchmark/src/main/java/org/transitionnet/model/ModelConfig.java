package org.transitionnet.model;

import java.util.List;

/**
 * Size and training settings of the transition model.
 *
 * @param hiddenLayers widths of the hidden layers (tanh)
 * @param learningRate Adam step size
 * @param batchSize examples per local optimisation step
 * @param seed initial weights and batch order are a function of it
 * @param weightDecay decoupled weight decay per step (AdamW), 0 for none
 * @param threads ND4J threads (one is fastest for small networks on few cores)
 */
public record ModelConfig(
    List<Integer> hiddenLayers,
    double learningRate,
    int batchSize,
    long seed,
    double weightDecay,
    int threads) {

  public ModelConfig {
    hiddenLayers = List.copyOf(hiddenLayers);
    if (hiddenLayers.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("hidden layer widths must be positive: " + hiddenLayers);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, was " + learningRate);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, was " + threads);
    }
  }

  /** Two hidden layers of 32, Adam 3e-3, batch 64, seed 42, weight decay 1e-4, one thread. */
  public static ModelConfig defaults() {
    return new ModelConfig(List.of(32, 32), 3e-3, 64, 42, 1e-4, 1);
  }

  public ModelConfig withSeed(long newSeed) {
    return new ModelConfig(hiddenLayers, learningRate, batchSize, newSeed, weightDecay, threads);
  }

  public ModelConfig withBatchSize(int newBatchSize) {
    return new ModelConfig(hiddenLayers, learningRate, newBatchSize, seed, weightDecay, threads);
  }

  public ModelConfig withHiddenLayers(List<Integer> layers) {
    return new ModelConfig(layers, learningRate, batchSize, seed, weightDecay, threads);
  }

  public ModelConfig withLearningRate(double rate) {
    return new ModelConfig(hiddenLayers, rate, batchSize, seed, weightDecay, threads);
  }

  public ModelConfig withThreads(int n) {
    return new ModelConfig(hiddenLayers, learningRate, batchSize, seed, weightDecay, n);
  }
}
