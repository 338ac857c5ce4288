package org.transitionnet.coordinator.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterBytesTest {

  @Test
  void vector_roundTripsBitForBit() {
    double[] values = {0.0, -0.0, 1.5e-300, Double.MAX_VALUE, Double.NaN, -3.25};

    assertThat(ParameterBytes.decode(ParameterBytes.encode(values))).isEqualTo(values);
  }

  @Test
  void encoding_isLittleEndianFloat64() {
    byte[] bytes = ParameterBytes.encode(new double[] {1.0});

    assertThat(bytes).containsExactly(0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f);
  }

  @Test
  void truncatedColumn_isRefused() {
    assertThatThrownBy(() -> ParameterBytes.decode(new byte[12]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("12 bytes");
  }
}
