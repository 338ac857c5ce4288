package org.transitionnet.security.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RdpAccountantTest {

  @Test
  void gaussianWithoutSubsampling_hasRdpAlphaOverTwoSigmaSquared() {
    for (double sigma : new double[] {0.5, 1.1, 4.0}) {
      for (int alpha : new int[] {2, 3, 10, 64, 256}) {
        assertThat(RdpAccountant.rdpSampledGaussian(1.0, sigma, alpha))
            .isCloseTo(alpha / (2 * sigma * sigma), within(1e-9 * alpha / (sigma * sigma)));
      }
    }
  }

  @Test
  void subsamplingAmplifies_andZeroRateSpendsNothing() {
    double full = RdpAccountant.rdpSampledGaussian(1.0, 1.0, 8);
    double sampled = RdpAccountant.rdpSampledGaussian(0.01, 1.0, 8);

    assertThat(sampled).isPositive().isLessThan(full / 100);
    assertThat(RdpAccountant.rdpSampledGaussian(0.0, 1.0, 8)).isZero();
  }

  @Test
  void order2_matchesClosedForm() {
    // A_2 = (1-q)^2 + 2q(1-q) + q^2 e^{1/σ²} = 1 + q²(e^{1/σ²} - 1)
    double q = 0.1;
    double sigma = 2.0;
    double expected = Math.log(1 + q * q * (Math.exp(1 / (sigma * sigma)) - 1));

    assertThat(RdpAccountant.rdpSampledGaussian(q, sigma, 2)).isCloseTo(expected, within(1e-12));
  }

  /**
   * TF-Privacy's tutorials README: "compute_dp_sgd_privacy.py --N=60000 --batch_size=256
   * --noise_multiplier=1.1 --epochs=60 --delta=1e-5 ... satisfies differential privacy with eps =
   * 3.01 and delta = 1e-05" (classic conversion; orders 1.1..10.9 step 0.1 and 12..63; steps =
   * ceil(60 * 60000 / 256) = 14063). Integer orders only can give a slightly larger ε.
   */
  @Test
  void mnistDpSgd_matchesPublishedEpsilon() {
    double q = 256.0 / 60000;
    long steps = (long) Math.ceil(60 * 60000 / 256.0);

    RdpAccountant accountant = new RdpAccountant().compose(q, 1.1, steps);
    PrivacyGuarantee classic = accountant.guarantee(1e-5, RdpAccountant.Conversion.CLASSIC);
    PrivacyGuarantee improved = accountant.guarantee(1e-5);

    assertThat(classic.epsilon()).isCloseTo(3.01, within(0.02));
    assertThat(improved.epsilon()).isLessThan(classic.epsilon());
  }

  @Test
  void compositionIsAdditiveInSteps() {
    RdpAccountant once = new RdpAccountant().compose(0.01, 1.0, 1000).compose(0.01, 1.0, 1000);
    RdpAccountant twice = new RdpAccountant().compose(0.01, 1.0, 2000);

    assertThat(once.rdp(10)).isCloseTo(twice.rdp(10), within(1e-12));
    assertThat(once.guarantee(1e-5).epsilon())
        .isGreaterThan(new RdpAccountant().compose(0.01, 1.0, 1000).guarantee(1e-5).epsilon());
  }

  @Test
  void noiseMultiplierForTarget_reachesTheTargetAndIsTight() {
    double q = 256.0 / 60000;
    long steps = 14063;

    double sigma = RdpAccountant.noiseMultiplierFor(3.0, 1e-5, q, steps);

    double at = new RdpAccountant().compose(q, sigma, steps).guarantee(1e-5).epsilon();
    double below = new RdpAccountant().compose(q, sigma * 0.99, steps).guarantee(1e-5).epsilon();
    assertThat(at).isLessThanOrEqualTo(3.0);
    assertThat(below).isGreaterThan(3.0);
  }
}
