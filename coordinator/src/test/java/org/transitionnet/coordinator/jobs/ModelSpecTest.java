package org.transitionnet.coordinator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void familyAlone_meansTwoHiddenLayersOf32() throws Exception {
    assertThat(ModelSpec.parse("transition-mlp").hiddenLayers()).containsExactly(32, 32);
  }

  @Test
  void hiddenOption_setsTheWidths() throws Exception {
    assertThat(ModelSpec.parse(" transition-mlp:hidden=64,16,8 ").hiddenLayers())
        .containsExactly(64, 16, 8);
  }

  @Test
  void unknownFamily_isRefusedOnTheModelSpecField() {
    assertThatThrownBy(() -> ModelSpec.parse("gpt"))
        .isInstanceOfSatisfying(
            UnknownModelException.class, e -> assertThat(e.field()).isEqualTo("modelSpec"));
  }

  @Test
  void nonNumericWidth_isRefusedWithTheWidth() {
    assertThatThrownBy(() -> ModelSpec.parse("transition-mlp:hidden=32,wide"))
        .isInstanceOf(UnknownModelException.class)
        .hasMessageContaining("wide");
  }

  @Test
  void zeroWidth_isRefused() {
    assertThatThrownBy(() -> ModelSpec.parse("transition-mlp:hidden=0").config(1))
        .isInstanceOf(UnknownModelException.class);
  }
}
