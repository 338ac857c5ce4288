package org.transitionnet.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransformTest {

  @ParameterizedTest
  @EnumSource(Transform.class)
  void roundTrip_returnsTheOriginalValue(Transform t) {
    for (double x : new double[] {0.1, 1, 14.5, 1718, 13862}) {
      assertThat(t.invert(t.apply(x))).isCloseTo(x, within(1e-9 * x));
    }
    assertThat(Transform.fromKey(t.key())).contains(t);
  }

  @ParameterizedTest
  @EnumSource(Transform.class)
  void domain_excludesValuesTheTransformCannotTake(Transform t) {
    assertThat(t.accepts(-2)).isFalse();
    assertThat(Double.isFinite(t.apply(1))).isTrue();
  }
}
