package org.transitionnet.security.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DpPrimitivesTest {

  @Test
  void withoutNoise_privatizeIsTheSumOfClippedGradients() {
    List<double[]> gradients = List.of(new double[] {3, 4}, new double[] {0.3, 0.4});

    double[] sum = DpSgd.privatize(gradients, 1.0, 0.0, new Random(1));

    // (3,4) has norm 5 -> (0.6, 0.8); (0.3, 0.4) has norm 0.5 -> unchanged
    assertThat(sum[0]).isCloseTo(0.9, within(1e-12));
    assertThat(sum[1]).isCloseTo(1.2, within(1e-12));
  }

  @Test
  void privatizeNoiseHasStandardDeviationSigmaTimesC() {
    List<double[]> gradients = List.of(new double[20_000]);

    double[] noisy = DpSgd.privatize(gradients, 2.0, 1.5, new Random(7));

    assertThat(std(noisy)).isCloseTo(3.0, within(0.05));
  }

  @Test
  void oneOutlierExampleMovesTheSumByAtMostC() {
    List<double[]> gradients = new ArrayList<>(List.of(new double[] {0.1}, new double[] {0.2}));
    double[] without = DpSgd.privatize(gradients, 1.0, 0, new Random(1));
    gradients.add(new double[] {1e9});

    double[] with = DpSgd.privatize(gradients, 1.0, 0, new Random(1));

    assertThat(with[0] - without[0]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void distributedNoiseOfNSitesSumsToSigmaC() {
    int sites = 25;
    double[] sum = new double[20_000];
    Random random = new Random(3);
    for (int s = 0; s < sites; s++) {
      double[] share = ClientLevelDp.clipAndNoise(new double[20_000], 1.0, 2.0, sites, random);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += share[i];
      }
    }

    assertThat(std(sum)).isCloseTo(2.0, within(0.05));
  }

  @Test
  void clientUpdateIsClippedToC() {
    double[] clipped = ClientLevelDp.clip(new double[] {30, 40}, 5);

    assertThat(Math.hypot(clipped[0], clipped[1])).isCloseTo(5, within(1e-12));
  }

  @Test
  void ledger_refusesATaskThatWouldExceedTheBudget_andReportsSpent() {
    PrivacyLedger ledger = new PrivacyLedger();
    PrivacyBudget budget = new PrivacyBudget(3.0, 1e-5);
    PrivacyLedger.Charge round =
        PrivacyLedger.Charge.training(
            PrivacyLedger.Level.RECORD, 1000, 256.0 / 60000, 1.1, "job-1 round");

    int accepted = 0;
    while (!ledger.wouldExceed(round, budget)) {
      ledger.charge(round);
      accepted++;
    }

    assertThat(accepted).isPositive();
    assertThat(ledger.spent(PrivacyLedger.Level.RECORD, 1e-5).epsilon()).isLessThanOrEqualTo(3.0);
    ledger.charge(round);
    assertThat(ledger.spent(PrivacyLedger.Level.RECORD, 1e-5).epsilon()).isGreaterThan(3.0);
    assertThat(ledger.spent(PrivacyLedger.Level.CLIENT, 1e-5).epsilon()).isZero();
    assertThat(ledger.charges()).hasSize(accepted + 1);
  }

  @Test
  void evaluationReleasesAreCharged() {
    PrivacyLedger ledger = new PrivacyLedger();

    ledger.charge(PrivacyLedger.Charge.evaluation(PrivacyLedger.Level.RECORD, 10.0, "eval"));

    assertThat(ledger.spent(PrivacyLedger.Level.RECORD, 1e-5).epsilon()).isPositive();
  }

  private static double std(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double variance = 0;
    for (double v : values) {
      variance += (v - mean) * (v - mean);
    }
    return Math.sqrt(variance / values.length);
  }
}
