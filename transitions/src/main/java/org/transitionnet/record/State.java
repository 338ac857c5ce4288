package org.transitionnet.record;

import java.util.List;
import java.util.Optional;

/**
 * The state of a subject at one time.
 *
 * @param timeDays time of the observation in days from the subject's time origin
 * @param variables the state variables, in the task's declared order
 */
public record State(double timeDays, List<Variable> variables) {

  public State {
    if (!Double.isFinite(timeDays)) {
      throw new IllegalArgumentException("state time must be finite, was " + timeDays);
    }
    variables = List.copyOf(variables);
  }

  public Optional<Variable> variable(String name) {
    return variables.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
