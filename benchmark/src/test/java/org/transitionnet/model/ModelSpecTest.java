package org.transitionnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void familyAlone_meansTwoHiddenLayersOf32() throws Exception {
    assertThat(ModelSpec.parse("transition-mlp").hiddenLayers()).containsExactly(32, 32);
  }

  @Test
  void hiddenOption_setsTheWidths_blanksIgnored() throws Exception {
    assertThat(ModelSpec.parse(" transition-mlp:hidden=64, 16,8 ").hiddenLayers())
        .containsExactly(64, 16, 8);
  }

  @Test
  void config_carriesTheWidthsAndTheSeed() throws Exception {
    ModelConfig config = ModelSpec.parse("transition-mlp:hidden=16,8").config(7);
    assertThat(config.hiddenLayers()).containsExactly(16, 8);
    assertThat(config.seed()).isEqualTo(7);
  }

  @Test
  void anotherFamily_isRefusedByName() {
    assertThatThrownBy(() -> ModelSpec.parse("resnet50"))
        .isInstanceOf(ModelSpecException.class)
        .hasMessageContaining("resnet50");
  }

  @Test
  void unknownOption_isRefusedByName() {
    assertThatThrownBy(() -> ModelSpec.parse("transition-mlp:depth=3"))
        .isInstanceOf(ModelSpecException.class)
        .hasMessageContaining("depth=3");
  }

  @Test
  void nonNumericOrMissingWidth_isRefusedWithTheWidth() {
    assertThatThrownBy(() -> ModelSpec.parse("transition-mlp:hidden=32,wide"))
        .isInstanceOf(ModelSpecException.class)
        .hasMessageContaining("'wide'");
    assertThatThrownBy(() -> ModelSpec.parse("transition-mlp:hidden=32,"))
        .isInstanceOf(ModelSpecException.class);
  }

  @Test
  void zeroWidth_isRefusedWhenTheModelIsConfigured() throws Exception {
    ModelSpec spec = ModelSpec.parse("transition-mlp:hidden=0");
    assertThatThrownBy(() -> spec.config(1)).isInstanceOf(ModelSpecException.class);
  }
}
