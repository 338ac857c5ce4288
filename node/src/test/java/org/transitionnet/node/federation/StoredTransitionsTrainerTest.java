package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.transitionnet.federation.site.TrainingException;

class StoredTransitionsTrainerTest {

  @Test
  void modelSpec_withoutOptions_isTwoLayersOf32() throws Exception {
    assertThat(StoredTransitionsTrainer.hiddenLayers("transition-mlp")).containsExactly(32, 32);
  }

  @Test
  void modelSpec_hiddenOption_givesTheLayerWidths() throws Exception {
    assertThat(StoredTransitionsTrainer.hiddenLayers("transition-mlp:hidden=16, 8"))
        .containsExactly(16, 8);
  }

  @Test
  void modelSpec_ofAnotherFamily_isRefusedByName() {
    assertThatThrownBy(() -> StoredTransitionsTrainer.hiddenLayers("resnet50"))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("resnet50");
  }
}
