package org.transitionnet.benchmark;

import java.util.ArrayList;
import java.util.List;
import org.transitionnet.features.Example;
import org.transitionnet.model.ExampleBatches;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;

/**
 * Measures local training throughput (examples per second) of the transition model at a given batch
 * size: warm-up steps, then as many timed steps as fit in the time budget.
 */
public final class TrainingThroughput {

  /** One measurement. */
  public record Result(int batchSize, int parameters, int steps, double examplesPerSecond) {}

  private TrainingThroughput() {}

  /**
   * @param model a model whose encoder matches the examples
   * @param examples the training examples (cycled)
   * @param batchSize examples per step
   * @param seconds rough time budget of the timed part
   */
  public static Result measure(
      TransitionModel model, List<Example> examples, int batchSize, double seconds) {
    ExampleBatches batches = new ExampleBatches(examples, batchSize, 1);
    long warmEnd = System.nanoTime() + (long) (Math.min(2, seconds / 3) * 1e9);
    int warm = 0;
    while (System.nanoTime() < warmEnd || warm < 3) {
      model.trainSteps(batches, 1);
      warm++;
    }
    long examplesDone = 0;
    int steps = 0;
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end || steps < 3) {
      List<Example> b = batches.next();
      model.trainSteps(List.of(b).iterator(), 1);
      examplesDone += b.size();
      steps++;
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    return new Result(batchSize, model.parameterCount(), steps, examplesDone / elapsed);
  }

  /** Default model size, measured at each batch size. */
  public static List<Result> run(
      TransitionModelFactory factory, List<Example> examples, int[] batchSizes, double seconds) {
    List<Result> out = new ArrayList<>();
    for (int b : batchSizes) {
      out.add(
          measure(factory.create(ModelConfig.defaults().withBatchSize(b)), examples, b, seconds));
    }
    return out;
  }

  /** Makes a fresh model for a configuration. */
  @FunctionalInterface
  public interface TransitionModelFactory {
    TransitionModel create(ModelConfig config);
  }
}
