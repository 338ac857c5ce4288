package org.transitionnet.federation.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.FederationLimits;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.JobStatus;

class LargeModelJobTest {

  @Test
  void modelOfSeveralChunks_isAveragedAcrossChunkBoundaries() throws Exception {
    int n = FederationLimits.MAX_CHUNK_VALUES * 2 + 1234;
    try (InProcessFederation federation = new InProcessFederation("large")) {
      for (int s = 1; s <= 3; s++) {
        int site = s;
        federation.addSite(
            "site-" + s,
            SitePolicy.acceptAll("default"),
            (global, plan) -> {
              double[] p = global.clone();
              for (int i = 0; i < p.length; i++) {
                p[i] += site * (i % 7);
              }
              return new LocalUpdate(p, site * 10L, 0);
            });
      }
      federation.awaitSites(Duration.ofSeconds(5));
      federation
          .coordinator()
          .submit(
              JobSpec.of("big", StrategyKind.FEDAVG, 1, n)
                  .withMinSites(3)
                  .withRoundTimeout(Duration.ofSeconds(30)),
              new double[n]);
      assertThat(federation.coordinator().run("big").status()).isEqualTo(JobStatus.COMPLETED);
      double[] model = federation.store().rounds().latestModel("big").orElseThrow().parameters();
      // weights 10, 20, 30 on shifts 1, 2, 3: mean shift (10 + 40 + 90) / 60
      for (int i :
          new int[] {
            0, 6, FederationLimits.MAX_CHUNK_VALUES - 1, FederationLimits.MAX_CHUNK_VALUES, n - 1
          }) {
        assertThat(model[i]).isCloseTo((i % 7) * 140.0 / 60, within(1e-6));
      }
    }
  }
}
