package org.transitionnet.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.transitionnet.features.Example;

/**
 * An endless stream of minibatches: each epoch a fresh shuffle of the examples (seeded, so the
 * order is a function of the seed), cut into batches; the last batch of an epoch may be smaller.
 */
public final class ExampleBatches implements Iterator<List<Example>> {

  private final List<Example> examples;
  private final int batchSize;
  private final Random random;
  private final List<Integer> order = new ArrayList<>();
  private int position;

  public ExampleBatches(List<Example> examples, int batchSize, long seed) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    this.examples = List.copyOf(examples);
    this.batchSize = batchSize;
    this.random = new Random(seed);
    for (int i = 0; i < examples.size(); i++) {
      order.add(i);
    }
    position = examples.size();
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public List<Example> next() {
    if (position >= order.size()) {
      Collections.shuffle(order, random);
      position = 0;
    }
    int end = Math.min(position + batchSize, order.size());
    List<Example> batch = new ArrayList<>(end - position);
    for (int i = position; i < end; i++) {
      batch.add(examples.get(order.get(i)));
    }
    position = end;
    return batch;
  }

  /** Steps in one pass over the examples. */
  public int stepsPerEpoch() {
    return (examples.size() + batchSize - 1) / batchSize;
  }
}
