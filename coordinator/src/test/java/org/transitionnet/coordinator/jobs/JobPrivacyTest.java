package org.transitionnet.coordinator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.transitionnet.federation.job.DifferentialPrivacy;

class JobPrivacyTest {

  private static String fieldOf(
      String level, Double epsilon, Double delta, Double clip, boolean secure) {
    JobPrivacy.InvalidSettingException e =
        catchThrowableOfType(
            () -> JobPrivacy.parse(level, epsilon, delta, clip, secure, 10),
            JobPrivacy.InvalidSettingException.class);
    assertThat(e).as("refused").isNotNull();
    return e.field();
  }

  @Test
  void absentSettings_meanNoDp_anEpsilonAloneMeansRecordLevelWithDefaults() throws Exception {
    assertThat(JobPrivacy.parse(null, null, null, null, false, 10))
        .isEqualTo(DifferentialPrivacy.none());
    DifferentialPrivacy record = JobPrivacy.parse(null, 3.0, null, null, false, 10);
    assertThat(record)
        .isEqualTo(new DifferentialPrivacy(DifferentialPrivacy.Level.RECORD, 3.0, 1e-5, 1.0));
    DifferentialPrivacy client = JobPrivacy.parse("CLIENT", 4.0, 1e-6, 0.5, true, 10);
    assertThat(client.level()).isEqualTo(DifferentialPrivacy.Level.CLIENT);
    assertThat(client.clientNoiseMultiplier(10)).isPositive();
  }

  @Test
  void invalidValues_areRefusedNamingTheField() {
    assertThat(fieldOf("sometimes", 3.0, null, null, false)).isEqualTo("dpLevel");
    assertThat(fieldOf("record", null, null, null, false)).isEqualTo("dpEpsilon");
    assertThat(fieldOf("record", -1.0, null, null, false)).isEqualTo("dpEpsilon");
    assertThat(fieldOf("record", Double.POSITIVE_INFINITY, null, null, false))
        .isEqualTo("dpEpsilon");
    assertThat(fieldOf("record", 3.0, 1.0, null, false)).isEqualTo("dpDelta");
    assertThat(fieldOf("record", 3.0, 0.0, null, false)).isEqualTo("dpDelta");
    assertThat(fieldOf("record", 3.0, null, 0.0, false)).isEqualTo("dpClipNorm");
    assertThat(fieldOf("none", 3.0, null, null, false)).isEqualTo("dpLevel");
    // client level without secure aggregation would show the coordinator each noised update
    assertThat(fieldOf("client", 3.0, null, null, false)).isEqualTo("dpLevel");
    assertThat(fieldOf("client", 1e-9, null, null, true)).isEqualTo("dpEpsilon");
  }
}
