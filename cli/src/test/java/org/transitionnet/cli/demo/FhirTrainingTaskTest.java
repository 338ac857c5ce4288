package org.transitionnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Task;
import org.transitionnet.task.VariableKind;

class FhirTrainingTaskTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Task shipped(String name) throws Exception {
    return FhirTrainingTask.of(
        JSON.readTree(Files.readString(Path.of("../tasks/fhir/" + name + ".json"))));
  }

  @Test
  void bpTask_targetsTheMeasuredVariables_actionsAreTheClassesAndNone() throws Exception {
    Task task = shipped("bp-antihypertensive");

    assertThat(task.name()).isEqualTo("bp-antihypertensive");
    assertThat(task.targetNames()).containsExactly("systolic_bp", "diastolic_bp");
    assertThat(task.inputs())
        .extracting(InputVariable::name)
        .containsExactly(
            "systolic_bp", "diastolic_bp", "age", "sex", "hypertension", "type2_diabetes");
    assertThat(task.inputs().get(3).kind()).isEqualTo(VariableKind.CATEGORICAL);
    assertThat(task.inputs().get(3).levels()).containsExactly("female", "male");
    assertThat(task.inputs().get(4).kind()).isEqualTo(VariableKind.BINARY);
    assertThat(task.actions())
        .containsExactly(
            "drug:ace-inhibitor",
            "drug:angiotensin-receptor-blocker",
            "drug:beta-blocker",
            "drug:calcium-channel-blocker",
            "drug:thiazide",
            "none:none");
    assertThat(task.randomized()).isFalse();
  }

  @Test
  void eventTask_hasNoNoneAction() throws Exception {
    Task task = shipped("glycemic-control");

    assertThat(task.targetNames()).containsExactly("hba1c", "glucose");
    assertThat(task.actions()).containsExactly("drug:biguanide", "drug:insulin");
  }

  @Test
  void taskWithoutName_refused() {
    assertThatThrownBy(() -> FhirTrainingTask.of(JSON.readTree("{\"variables\":[]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'task'");
  }
}
