package org.transitionnet.task;

import java.util.List;
import java.util.Objects;

/**
 * One input variable of a task (a baseline state variable or a context variable).
 *
 * @param name the variable's name in the records
 * @param kind how it is encoded
 * @param transform declared transform key (empty for none); numeric variables only
 * @param levels the categories, in encoding order; empty unless categorical
 */
public record InputVariable(String name, VariableKind kind, String transform, List<String> levels) {

  public InputVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    transform = Transforms.check(transform, name);
    levels = List.copyOf(levels);
    if (kind == VariableKind.CATEGORICAL && levels.isEmpty()) {
      throw new IllegalArgumentException("categorical variable " + name + " needs levels");
    }
  }
}
