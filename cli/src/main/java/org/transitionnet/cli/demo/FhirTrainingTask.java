package org.transitionnet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Target;
import org.transitionnet.task.Task;
import org.transitionnet.task.VariableKind;

/**
 * The benchmark {@link Task} a federated job trains on, read from a FHIR extraction task ({@code
 * tasks/fhir/*.json}): the task's measured variables are the targets and, at baseline, inputs; age,
 * sex and the listed conditions are context inputs; the actions are the medication classes (as
 * {@code type:class}) and {@code none:none}, exactly the labels the node's FHIR import gives the
 * records. Everything comes from the task file, so the coordinator and every site encode alike
 * without looking at any record.
 */
final class FhirTrainingTask {

  /** FHIR {@code Patient.gender} codes the Synthea exports use. */
  static final List<String> SEX_LEVELS = List.of("female", "male");

  private static final double DIRECTION_TOLERANCE = 0.1;

  private FhirTrainingTask() {}

  static Task of(JsonNode extractionTask) {
    String name = extractionTask.path("task").asText();
    if (name.isBlank()) {
      throw new IllegalArgumentException("the FHIR task has no 'task' name");
    }
    List<Target> targets = new ArrayList<>();
    List<InputVariable> inputs = new ArrayList<>();
    for (JsonNode v : extractionTask.path("variables")) {
      String variable = v.path("name").asText();
      targets.add(new Target(variable, "", DIRECTION_TOLERANCE));
      inputs.add(new InputVariable(variable, VariableKind.NUMERIC, "", List.of()));
    }
    JsonNode context = extractionTask.path("context");
    if (context.path("age").asBoolean()) {
      inputs.add(new InputVariable("age", VariableKind.NUMERIC, "", List.of()));
    }
    if (context.path("sex").asBoolean()) {
      inputs.add(new InputVariable("sex", VariableKind.CATEGORICAL, "", SEX_LEVELS));
    }
    for (JsonNode c : context.path("conditions")) {
      inputs.add(new InputVariable(c.path("name").asText(), VariableKind.BINARY, "", List.of()));
    }
    TreeSet<String> actions = new TreeSet<>();
    for (JsonNode m : extractionTask.path("medications")) {
      actions.add(m.path("type").asText("drug") + ":" + m.path("class").asText());
    }
    if ("consecutive".equals(extractionTask.path("mode").asText())) {
      // a step with no medication active in between is the action none:none
      actions.add("none:none");
    }
    return new Task(name, targets, inputs, List.copyOf(actions), false, "", "");
  }
}
