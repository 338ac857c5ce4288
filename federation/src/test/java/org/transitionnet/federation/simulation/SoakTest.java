package org.transitionnet.federation.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI-sized soak ({@code tnet bench soak} runs 50 sites x 20 rounds): 20 sites, 5 rounds of one
 * secure-aggregation job over loopback mutual TLS, without a single error and with a flat live heap
 * (docs/reliability.md, "Soak").
 */
class SoakTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twentySites_fiveSecureRoundsOverMutualTls_noErrors_heapFlat() throws Exception {
    SoakBenchmark.Result r =
        SoakBenchmark.run(20, 5, SoakBenchmark.DEFAULT_PARAMETERS, Duration.ofMinutes(2));
    System.out.printf(
        Locale.ROOT,
        "soak: %d sites x %d rounds: %d completed, %d errors, live heap after round 1 %.1f MB,"
            + " after round %d %.1f MB (limit %.1f MB), rounds %.1f s, wall %.1f s%n",
        r.sites(),
        r.rounds(),
        r.roundsCompleted(),
        r.errors(),
        r.heapAfterFirstRoundBytes() / 1e6,
        r.rounds(),
        r.heapAfterLastRoundBytes() / 1e6,
        r.heapLimitBytes() / 1e6,
        r.roundsMillis() / 1e3,
        r.wallMillis() / 1e3);

    assertThat(r.errorDetails()).as("errors").isEmpty();
    assertThat(r.errors()).isZero();
    assertThat(r.roundsCompleted()).isEqualTo(5);
    assertThat(r.heapMeasured()).isTrue();
    assertThat(r.heapAfterLastRoundBytes())
        .as(
            "live heap after round 5 (after round 1: %d bytes; limit %.2f x that + %d bytes)",
            r.heapAfterFirstRoundBytes(),
            SoakBenchmark.HEAP_GROWTH_FACTOR,
            SoakBenchmark.HEAP_SLACK_BYTES)
        .isLessThanOrEqualTo(r.heapLimitBytes());
    assertThat(r.passed()).isTrue();
  }
}
