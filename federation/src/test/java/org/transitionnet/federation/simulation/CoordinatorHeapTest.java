package org.transitionnet.federation.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The coordinator aggregates as chunks arrive: with 20 sites all midway through their uploads at
 * once, its live heap stays a small multiple of one model. A coordinator that kept each site's
 * update until the round closed would hold 20 models here.
 */
class CoordinatorHeapTest {

  @Test
  void liveHeapDuringARound_doesNotGrowWithTheNumberOfSites() throws Exception {
    CoordinatorHeapBenchmark.Result r = CoordinatorHeapBenchmark.measure(20, 300_000, 1);

    assertThat(r.peakOverModel()).isLessThan(4.0);
    // the chunks did pass through: every site's update was allocated as messages at least once
    assertThat(r.allocatedBytesPerRound()).isGreaterThan(20L * 300_000 * Double.BYTES);
  }
}
