package org.transitionnet.federation.simulation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.RoundRecord;

/**
 * The cost of secure aggregation in one run: the same K sites run one-round plain and
 * secure-aggregation jobs of the same size over in-process gRPC, alternating so that load changes
 * hit both alike. {@link #main} replaces training by a constant update, so the protocol is all that
 * is timed; {@link #measure} takes real trainers ({@code tnet bench secure-round}: the pbc model
 * with its local steps), which gives the ratio a user sees. Reports the mean round time (the round
 * record's start to close) of each kind and their ratio.
 *
 * <p>Usage: {@code SecureAggregationOverhead SITES PARAMETERS ROUNDS}
 */
public final class SecureAggregationOverhead {

  private SecureAggregationOverhead() {}

  /**
   * Mean round times of the two kinds measured in one run.
   *
   * @param plainMillis mean plain round, the round record's start to close
   * @param secureMillis mean secure-aggregation round
   * @param cpuMillisPlain process CPU time per plain round (all threads: sites, coordinator, GC)
   * @param cpuMillisSecure process CPU time per secure round
   */
  public record Result(
      double plainMillis, double secureMillis, double cpuMillisPlain, double cpuMillisSecure) {
    public double ratio() {
      return secureMillis / plainMillis;
    }
  }

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
    Map<String, LocalTrainer> trainers = new LinkedHashMap<>();
    for (int s = 0; s < sites; s++) {
      trainers.put(String.format("site-%03d", s), trainer);
    }
    Result r = measure(trainers, new double[parameters], rounds, 1, 0.001);
    System.out.printf(
        Locale.ROOT,
        "sites=%d parameters=%d rounds=%d plain_round_ms=%.1f secure_round_ms=%.1f ratio=%.2f%n",
        sites,
        parameters,
        rounds,
        r.plainMillis(),
        r.secureMillis(),
        r.ratio());
  }

  /**
   * Runs {@code rounds} + 1 one-round jobs of each kind, alternating plain and secure, over the
   * given sites (their trainers are shared by both kinds), and returns the means over all but the
   * first of each kind (JIT warm-up). Each job starts from {@code initial}.
   */
  public static Result measure(
      Map<String, LocalTrainer> trainers,
      double[] initial,
      int rounds,
      int localSteps,
      double learningRate)
      throws InterruptedException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    int parameters = initial.length;
    long plainNanos = 0;
    long secureNanos = 0;
    long plainCpu = 0;
    long secureCpu = 0;
    try (InProcessFederation federation =
        InProcessFederation.withSecureAggregation("overhead", new SecureAggregation.Audit() {})) {
      trainers.forEach(
          (site, trainer) -> federation.addSite(site, SitePolicy.acceptAll("default"), trainer));
      federation.awaitSites(Duration.ofMinutes(1));
      // round 0 of each kind warms up the JIT and is not counted
      for (int r = 0; r <= rounds; r++) {
        for (boolean secure : new boolean[] {false, true}) {
          String id = (secure ? "secure-" : "plain-") + r;
          JobSpec job =
              JobSpec.of(id, StrategyKind.FEDAVG, 1, parameters)
                  .withTraining(localSteps, learningRate, 0)
                  .withMinSites(trainers.size())
                  .withRoundTimeout(Duration.ofMinutes(10))
                  .withSecureAggregation(secure);
          federation.coordinator().submit(job, initial);
          long cpu0 = os.getProcessCpuTime();
          federation.coordinator().run(id);
          long cpu = os.getProcessCpuTime() - cpu0;
          List<RoundRecord> records = federation.store().rounds().rounds(id);
          if (records.size() != 1) {
            throw new IllegalStateException("job " + id + " did not complete its round");
          }
          // the round itself (task + model out, training, phases, aggregation, commit)
          long took = Duration.between(records.get(0).started(), records.get(0).closed()).toNanos();
          if (r > 0) {
            if (secure) {
              secureNanos += took;
              secureCpu += cpu;
            } else {
              plainNanos += took;
              plainCpu += cpu;
            }
          }
        }
      }
    }
    return new Result(
        plainNanos / 1e6 / rounds,
        secureNanos / 1e6 / rounds,
        plainCpu / 1e6 / rounds,
        secureCpu / 1e6 / rounds);
  }
}
