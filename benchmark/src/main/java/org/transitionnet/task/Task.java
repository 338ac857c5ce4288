package org.transitionnet.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.transitionnet.metrics.Arm;
import org.transitionnet.record.Action;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;

/**
 * A benchmark task: what is predicted (targets), from what (inputs: baseline state and context
 * variables, plus Δt and the action), and, for a randomized trial, which two actions form the arms
 * of the effect comparison.
 *
 * @param name the task name in the leaderboard (e.g. {@code pbc-labs-v1})
 * @param targets the predicted variables, in leaderboard order
 * @param inputs baseline-state and context variables used as inputs, in encoding order
 * @param actions the action labels (see {@link #actionLabel}) one-hot encoded, in encoding order
 * @param randomized whether the actions were randomized ({@code effect_error} is reported only
 *     then)
 * @param treatedAction label of the treated arm, or empty when there is no two-arm comparison
 * @param controlAction label of the control arm, or empty when there is no two-arm comparison
 */
public record Task(
    String name,
    List<Target> targets,
    List<InputVariable> inputs,
    List<String> actions,
    boolean randomized,
    String treatedAction,
    String controlAction) {

  private static final Set<String> CONTROL_TYPES = Set.of("placebo", "usual-care", "none");

  public Task {
    Objects.requireNonNull(name, "name");
    targets = List.copyOf(targets);
    inputs = List.copyOf(inputs);
    actions = List.copyOf(actions);
    treatedAction = treatedAction == null ? "" : treatedAction;
    controlAction = controlAction == null ? "" : controlAction;
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("task " + name + " has no targets");
    }
  }

  /** Whether {@code effect_error} can be computed: randomized, with a treated and a control arm. */
  public boolean comparesArms() {
    return randomized && !treatedAction.isEmpty() && !controlAction.isEmpty();
  }

  public List<String> targetNames() {
    return targets.stream().map(Target::name).toList();
  }

  /** The arm of a record in the two-arm comparison. */
  public Arm arm(TransitionRecord r) {
    String label = actionLabel(r);
    if (comparesArms() && label.equals(treatedAction)) {
      return Arm.TREATED;
    }
    if (comparesArms() && label.equals(controlAction)) {
      return Arm.CONTROL;
    }
    return Arm.OTHER;
  }

  /**
   * The label of a record's (possibly combined) action: the components' {@link Action#label()}s,
   * sorted, joined by {@code " + "}; {@code none} for a record without actions.
   */
  public static String actionLabel(TransitionRecord r) {
    if (r.actions().isEmpty()) {
      return "none";
    }
    return r.actions().stream().map(Action::label).sorted().collect(Collectors.joining(" + "));
  }

  /**
   * Derives a task from records: every baseline-state and context variable becomes an input, its
   * kind read from the observed values (numbers, flags or categories, levels sorted); actions are
   * the observed labels, sorted. With exactly two actions in a randomized task, the control arm is
   * the one whose components are of type placebo, usual-care or none (else the first label).
   *
   * @param transforms declared transform key per variable name (absent: none)
   */
  public static Task infer(
      String name,
      List<TransitionRecord> records,
      List<Target> targets,
      Map<String, String> transforms,
      boolean randomized) {
    Map<String, Set<Class<?>>> kinds = new LinkedHashMap<>();
    Map<String, Set<String>> levels = new LinkedHashMap<>();
    Set<String> actions = new TreeSet<>();
    Map<String, Boolean> labelIsControl = new LinkedHashMap<>();
    for (TransitionRecord r : records) {
      for (List<Variable> vars : List.of(r.baseline().variables(), r.context())) {
        for (Variable v : vars) {
          kinds.computeIfAbsent(v.name(), k -> new java.util.HashSet<>());
          levels.computeIfAbsent(v.name(), k -> new TreeSet<>());
          if (v.value() != null) {
            kinds.get(v.name()).add(v.value().getClass());
            if (v.value() instanceof Value.Category c) {
              levels.get(v.name()).add(c.level());
            }
          }
        }
      }
      String label = actionLabel(r);
      actions.add(label);
      labelIsControl.putIfAbsent(
          label,
          !r.actions().isEmpty()
              && r.actions().stream().allMatch(a -> CONTROL_TYPES.contains(a.type())));
    }
    List<InputVariable> inputs = new ArrayList<>();
    kinds.forEach(
        (var, seen) -> {
          VariableKind kind;
          if (seen.contains(Value.Category.class)) {
            kind = VariableKind.CATEGORICAL;
          } else if (seen.contains(Value.Numeric.class)) {
            kind = VariableKind.NUMERIC;
          } else if (seen.contains(Value.Flag.class)) {
            kind = VariableKind.BINARY;
          } else {
            return; // never observed: carries no information
          }
          String transform = kind == VariableKind.NUMERIC ? transforms.getOrDefault(var, "") : "";
          List<String> lv =
              kind == VariableKind.CATEGORICAL ? List.copyOf(levels.get(var)) : List.of();
          inputs.add(new InputVariable(var, kind, transform, lv));
        });
    String treated = "";
    String control = "";
    if (randomized && actions.size() == 2) {
      List<String> two = List.copyOf(actions);
      Optional<String> ctl = two.stream().filter(l -> labelIsControl.get(l)).findFirst();
      control = ctl.orElse(two.get(0));
      String c = control;
      treated = two.stream().filter(l -> !l.equals(c)).findFirst().orElseThrow();
    }
    return new Task(name, targets, inputs, List.copyOf(actions), randomized, treated, control);
  }
}
