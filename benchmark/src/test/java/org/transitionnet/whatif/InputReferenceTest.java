package org.transitionnet.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.Task;
import org.transitionnet.testing.SyntheticTrial;

class InputReferenceTest {

  @Test
  void chiSquareQuantile_matchesTables() {
    // chi2 0.999 quantiles: 10 dof 29.588, 20 dof 45.315
    assertThat(InputReference.chiSquareQuantile(10, 0.999)).isCloseTo(29.588, within(0.3));
    assertThat(InputReference.chiSquareQuantile(20, 0.999)).isCloseTo(45.315, within(0.3));
  }

  @Test
  void empiricalThreshold_acceptsAllButAboutOnePerThousandTrainingRecords() {
    List<TransitionRecord> records = SyntheticTrial.records(400, 5, 3);
    Task task = SyntheticTrial.task(records);
    FeatureStatistics stats = FeatureStatistics.of(task, records);

    InputReference ref = InputReference.of(task, stats, records);

    long refused =
        records.stream()
            .map(r -> InputReference.imputed(InputReference.standardized(task, stats, r)))
            .filter(z -> ref.squaredDistance(z) > ref.thresholdD2())
            .count();
    assertThat(refused).isLessThanOrEqualTo(2);
    assertThat(ref.thresholdRule()).isEqualTo(InputReference.RULE_EMPIRICAL);
  }

  @Test
  void sumsFromTwoSites_giveThePooledMeanAndCovariance() {
    List<TransitionRecord> records = SyntheticTrial.records(200, 4, 5);
    Task task = SyntheticTrial.task(records);
    FeatureStatistics stats = FeatureStatistics.of(task, records);
    int p = InputReference.slots(task).size();
    double[] sum = new double[p];
    double[] outer = new double[p * p];
    for (TransitionRecord r : records) {
      InputReference.addTo(
          sum, outer, InputReference.imputed(InputReference.standardized(task, stats, r)));
    }

    InputReference fromSums =
        InputReference.fromSums(InputReference.slots(task), records.size(), sum, outer);
    InputReference direct = InputReference.of(task, stats, records);

    assertThat(fromSums.mean()).containsExactly(direct.mean(), within(1e-12));
    for (int a = 0; a < p; a++) {
      assertThat(fromSums.covariance()[a]).containsExactly(direct.covariance()[a], within(1e-12));
    }
    assertThat(fromSums.thresholdRule()).isEqualTo(InputReference.RULE_CHI_SQUARE);
  }

  @Test
  void distance_growsWithTheStandardizedOffset() {
    List<TransitionRecord> records = SyntheticTrial.records(200, 4, 7);
    Task task = SyntheticTrial.task(records);
    InputReference ref = InputReference.of(task, FeatureStatistics.of(task, records), records);
    double[] near = new double[ref.slots().size()];
    double[] far = near.clone();
    far[0] = 5;

    assertThat(ref.squaredDistance(far)).isGreaterThan(ref.squaredDistance(near) + 10);
  }
}
