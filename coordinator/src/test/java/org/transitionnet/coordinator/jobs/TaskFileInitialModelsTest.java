package org.transitionnet.coordinator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The coordinator's initial models: the job's model spec read by the shared parser. */
class TaskFileInitialModelsTest {

  private static TaskFileInitialModels models() {
    TaskFileInitialModels models = new TaskFileInitialModels();
    models.tasksDir = "src/main/liberty/config/tasks";
    return models;
  }

  @Test
  void widerHiddenLayers_giveMoreParameters_sameSpecAndSeedTheSameOnes() throws Exception {
    double[] small = models().initialParameters("pbc-labs-v1", "transition-mlp:hidden=8", 3);
    double[] wide = models().initialParameters("pbc-labs-v1", "transition-mlp:hidden=16", 3);
    assertThat(wide.length).isGreaterThan(small.length);
    assertThat(models().initialParameters("pbc-labs-v1", " transition-mlp:hidden=8 ", 3))
        .containsExactly(small);
  }

  @Test
  void unknownFamily_isRefusedOnTheModelSpecField() {
    assertThatThrownBy(() -> models().initialParameters("pbc-labs-v1", "gpt", 1))
        .isInstanceOfSatisfying(
            UnknownModelException.class,
            e -> {
              assertThat(e.field()).isEqualTo("modelSpec");
              assertThat(e.getMessage()).contains("gpt");
            });
  }

  @Test
  void zeroWidth_isRefusedOnTheModelSpecField() {
    assertThatThrownBy(
            () -> models().initialParameters("pbc-labs-v1", "transition-mlp:hidden=0", 1))
        .isInstanceOfSatisfying(
            UnknownModelException.class, e -> assertThat(e.field()).isEqualTo("modelSpec"));
  }
}
