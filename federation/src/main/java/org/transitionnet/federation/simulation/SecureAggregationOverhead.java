package org.transitionnet.federation.simulation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.RoundRecord;

/**
 * The cost of secure aggregation in one run: the same K sites (training replaced by a constant
 * update, so the protocol is all that is timed) run one-round plain and secure-aggregation jobs of
 * the same size over in-process gRPC, alternating so that load changes hit both alike. Prints the
 * mean round time (the round record's start to close) of each and their ratio.
 *
 * <p>Usage: {@code SecureAggregationOverhead SITES PARAMETERS ROUNDS}
 */
public final class SecureAggregationOverhead {

  private SecureAggregationOverhead() {}

  public static void main(String[] args) throws Exception {
    int sites = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int parameters = args.length > 1 ? Integer.parseInt(args[1]) : 2668;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    LocalTrainer trainer =
        (global, plan) -> {
          double[] p = global.clone();
          for (int i = 0; i < p.length; i++) {
            p[i] += 1e-3;
          }
          return new LocalUpdate(p, 100, 0);
        };
    long plainNanos = 0;
    long secureNanos = 0;
    try (InProcessFederation federation =
        InProcessFederation.withSecureAggregation("overhead", new SecureAggregation.Audit() {})) {
      for (int s = 0; s < sites; s++) {
        federation.addSite(String.format("site-%03d", s), SitePolicy.acceptAll("default"), trainer);
      }
      federation.awaitSites(Duration.ofMinutes(1));
      // round 0 of each kind warms up the JIT and is not counted
      for (int r = 0; r <= rounds; r++) {
        for (boolean secure : new boolean[] {false, true}) {
          String id = (secure ? "secure-" : "plain-") + r;
          JobSpec job =
              JobSpec.of(id, StrategyKind.FEDAVG, 1, parameters)
                  .withMinSites(sites)
                  .withRoundTimeout(Duration.ofMinutes(10))
                  .withSecureAggregation(secure);
          federation.coordinator().submit(job, new double[parameters]);
          federation.coordinator().run(id);
          List<RoundRecord> records = federation.store().rounds().rounds(id);
          if (records.size() != 1) {
            throw new IllegalStateException("job " + id + " did not complete its round");
          }
          // the round itself (task + model out, training, phases, aggregation, commit)
          long took = Duration.between(records.get(0).started(), records.get(0).closed()).toNanos();
          if (r > 0) {
            if (secure) {
              secureNanos += took;
            } else {
              plainNanos += took;
            }
          }
        }
      }
    }
    double plainMs = plainNanos / 1e6 / rounds;
    double secureMs = secureNanos / 1e6 / rounds;
    System.out.printf(
        Locale.ROOT,
        "sites=%d parameters=%d rounds=%d plain_round_ms=%.1f secure_round_ms=%.1f ratio=%.2f%n",
        sites,
        parameters,
        rounds,
        plainMs,
        secureMs,
        secureMs / plainMs);
  }
}
