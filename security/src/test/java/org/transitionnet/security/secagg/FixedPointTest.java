package org.transitionnet.security.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FixedPointTest {

  @Test
  void sumOfMaxSitesAtTheBound_doesNotOverflow() {
    FixedPoint fixedPoint = new FixedPoint(2.0, 100);
    int[] sum = new int[2];
    for (int site = 0; site < 100; site++) {
      int[] encoded = fixedPoint.encode(new double[] {5.0, -5.0}); // clamped to +-2
      sum[0] += encoded[0];
      sum[1] += encoded[1];
    }

    double[] decoded = fixedPoint.decodeSum(sum);

    assertThat(decoded[0]).isCloseTo(200.0, within(1e-5));
    assertThat(decoded[1]).isCloseTo(-200.0, within(1e-5));
  }

  @Test
  void roundTripErrorIsHalfAStepPerSite() {
    FixedPoint fixedPoint = new FixedPoint(1.0, 20);
    double x = 0.123456789;

    double back = fixedPoint.decodeSum(fixedPoint.encode(new double[] {x}))[0];

    assertThat(back).isCloseTo(x, within(0.5 / fixedPoint.scale() + 1e-15));
  }
}
