package org.transitionnet.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a dataset declares, state and context, in declared order. Names are unique across
 * both roles.
 */
public final class VariableCatalog {

  private final Map<String, DeclaredVariable> byName;

  public VariableCatalog(List<DeclaredVariable> variables) {
    Map<String, DeclaredVariable> map = new LinkedHashMap<>();
    for (DeclaredVariable v : variables) {
      if (map.putIfAbsent(v.name(), v) != null) {
        throw new IllegalArgumentException("variable " + v.name() + " is declared twice");
      }
    }
    this.byName = map;
  }

  /** All declared variables in declared order. */
  public List<DeclaredVariable> all() {
    return List.copyOf(byName.values());
  }

  /** The state variables in declared order. */
  public List<DeclaredVariable> state() {
    return byRole(VariableRole.STATE);
  }

  /** The context variables in declared order. */
  public List<DeclaredVariable> context() {
    return byRole(VariableRole.CONTEXT);
  }

  public Optional<DeclaredVariable> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  private List<DeclaredVariable> byRole(VariableRole role) {
    return byName.values().stream().filter(v -> v.role() == role).toList();
  }

  @Override
  public String toString() {
    return "VariableCatalog" + byName.keySet();
  }
}
