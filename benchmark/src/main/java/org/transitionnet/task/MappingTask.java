package org.transitionnet.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.VariableMapping;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.validation.DeclaredVariable;
import org.transitionnet.validation.Transform;

/**
 * A task read from a mapping file: the mapping's targets (with their transforms and direction
 * tolerances) predicted from every declared context and state variable, Δt and the action. Input
 * kinds, levels and transforms come from the declarations, so every site of a federation encodes
 * alike; the action labels come from the records.
 */
public final class MappingTask {

  private MappingTask() {}

  public static Task fromMapping(String name, Mapping mapping, List<TransitionRecord> records) {
    List<InputVariable> inputs = new ArrayList<>();
    List<VariableMapping> declared = new ArrayList<>(mapping.context());
    declared.addAll(mapping.state());
    for (VariableMapping vm : declared) {
      inputs.add(input(vm.declared()));
    }
    List<Target> targets = new ArrayList<>();
    for (String t : mapping.targets()) {
      DeclaredVariable d =
          declared.stream()
              .map(VariableMapping::declared)
              .filter(v -> v.name().equals(t))
              .findFirst()
              .orElseThrow(
                  () -> new TaskRefusedException("target " + t + " is not a declared variable"));
      targets.add(
          new Target(
              t,
              transformKey(d),
              mapping.directionTolerance().getOrDefault(t, Mapping.DEFAULT_DIRECTION_TOLERANCE)));
    }
    Task inferred = Task.infer(name, records, targets, Map.of(), mapping.randomized());
    return new Task(
        name,
        targets,
        inputs,
        inferred.actions(),
        inferred.randomized(),
        inferred.treatedAction(),
        inferred.controlAction());
  }

  private static InputVariable input(DeclaredVariable d) {
    return switch (d.type()) {
      case NUMERIC -> new InputVariable(d.name(), VariableKind.NUMERIC, transformKey(d), List.of());
      case BINARY -> new InputVariable(d.name(), VariableKind.BINARY, "", List.of());
      case CATEGORICAL -> new InputVariable(d.name(), VariableKind.CATEGORICAL, "", d.levels());
    };
  }

  private static String transformKey(DeclaredVariable d) {
    return d.declaredTransform().map(Transform::key).orElse("");
  }
}
