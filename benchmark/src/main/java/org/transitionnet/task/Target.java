package org.transitionnet.task;

import java.util.Objects;

/**
 * A target of a task: a numeric state variable whose follow-up value is predicted.
 *
 * @param name the variable's name in the records
 * @param transform declared transform key (empty for none); metrics are on the transformed scale
 * @param directionTolerance the flat band of directional accuracy, in training SDs
 */
public record Target(String name, String transform, double directionTolerance) {

  public Target {
    Objects.requireNonNull(name, "name");
    transform = Transforms.check(transform, name);
    if (!(directionTolerance >= 0)) {
      throw new IllegalArgumentException(
          "target " + name + ": direction tolerance must be >= 0, was " + directionTolerance);
    }
  }
}
