package org.transitionnet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianTest {

  @Test
  void crpsOfStandardNormalAtZero_isTheKnownConstant() {
    // 2φ(0) − 1/√π = √(2/π) − 1/√π
    assertThat(Gaussian.crps(0, 0, 1)).isCloseTo(0.23369497725, within(1e-10));
  }

  @Test
  void crps_matchesNumericalIntegralOfSquaredCdfDifference() {
    // CRPS(F, y) = ∫ (F(x) − 1{x ≥ y})² dx, integrated by the midpoint rule
    double mean = 0.7;
    double sd = 1.9;
    double y = -1.3;
    double integral = 0;
    double h = 1e-3;
    for (double x = -30 + h / 2; x < 30; x += h) {
      double f = Gaussian.cdf((x - mean) / sd) - (x >= y ? 1 : 0);
      integral += f * f * h;
    }
    assertThat(Gaussian.crps(y, mean, sd)).isCloseTo(integral, within(1e-5));
  }

  @Test
  void nll_isLogSdPlusHalfLog2PiPlusHalfSquaredZ() {
    // y = 1, mean = 0, sd = 2: ln 2 + ½ ln 2π + ½ · (1/2)² = 0.693147 + 0.918939 + 0.125
    assertThat(Gaussian.nll(1, 0, 2)).isCloseTo(1.7370857137, within(1e-9));
  }

  @Test
  void cdfAndQuantile_matchTabulatedValues() {
    assertThat(Gaussian.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-14));
    assertThat(Gaussian.cdf(-1)).isCloseTo(0.15865525393145707, within(1e-14));
    assertThat(Gaussian.cdf(6)).isCloseTo(1 - 9.865876450377e-10, within(1e-15));
    assertThat(Gaussian.quantile(0.95)).isCloseTo(1.6448536269514722, within(1e-12));
    assertThat(Gaussian.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-11));
  }
}
