package org.transitionnet.federation.simulation;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.tls.CertificateSiteAuthenticator;
import org.transitionnet.federation.tls.FederationTls;
import org.transitionnet.federation.transport.Backoff;
import org.transitionnet.federation.transport.GrpcFederationService;
import org.transitionnet.federation.transport.PeerCertificates;
import org.transitionnet.federation.transport.SiteConnection;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.SiteIdentity;

/**
 * Round overhead without local training: K sites whose "training" adds a constant, over in-process
 * gRPC and over loopback mutual TLS 1.3 (Netty, full serialization). Prints the mean wall time of a
 * round (task + model out, updates in, aggregation, strategy, commit), the JVM's CPU time per round
 * and the JVM's peak heap.
 *
 * <p>Usage: {@code RoundOverheadBenchmark [inprocess|tls] SITES PARAMETERS [ROUNDS]}
 */
public final class RoundOverheadBenchmark {

  private RoundOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    String transport = args.length > 0 ? args[0] : "inprocess";
    int sites = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int parameters = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    LocalTrainer trainer =
        (global, plan) -> {
          double[] p = global.clone();
          for (int i = 0; i < p.length; i++) {
            p[i] += 1e-3;
          }
          return new LocalUpdate(p, 100, 0);
        };
    // -Dbench.warmupRounds=N: rounds run before timing starts (JIT warm-up; default 1)
    int warmup = Integer.getInteger("bench.warmupRounds", 1);
    JobSpec job =
        JobSpec.of("bench", StrategyKind.FEDAVG, warmup + rounds, parameters)
            .withMinSites(sites)
            .withRoundTimeout(Duration.ofMinutes(10));
    RoundTimes times;
    if (transport.equals("tls")) {
      times = overTls(sites, job, trainer, warmup);
    } else {
      try (InProcessFederation federation = new InProcessFederation("bench")) {
        for (int s = 0; s < sites; s++) {
          federation.addSite(
              String.format("site-%03d", s), SitePolicy.acceptAll("default"), trainer);
        }
        federation.awaitSites(Duration.ofMinutes(1));
        times = timeRounds(federation.coordinator(), job, warmup);
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "transport=%s sites=%d parameters=%d rounds=%d mean_round_ms=%.1f cpu_ms_per_round=%.1f"
            + " cpu_share=%.2f peak_heap_mb=%.0f model_mb=%.1f load_average=%.1f%n",
        transport,
        sites,
        parameters,
        rounds,
        times.wallNanos / 1e6 / rounds,
        times.cpuNanos / 1e6 / rounds,
        times.cpuNanos / (double) times.wallNanos,
        peak / 1e6,
        parameters * 8 / 1e6,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * Wall and process CPU time of all rounds after the first {@code warmup} ones, round by round
   * from the round's start to its commit. The CPU time is the whole JVM's (coordinator, sites, TLS
   * and GC threads), so on a loaded machine it shows the work a round costs where wall time shows
   * how long the round waited for a core.
   */
  private static RoundTimes timeRounds(Coordinator coordinator, JobSpec job, int warmup)
      throws InterruptedException {
    coordinator.submit(job, new double[job.parameterCount()]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long wall = 0;
    long cpu = 0;
    for (int round = 1; round <= job.rounds(); round++) {
      long wall0 = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      coordinator.jobs().runUntil(job.jobId(), round);
      long cpu1 = os.getProcessCpuTime();
      long wall1 = System.nanoTime();
      if (coordinator.store().rounds().rounds(job.jobId()).size() != round) {
        throw new IllegalStateException("round " + round + " did not complete");
      }
      if (round > warmup) {
        wall += wall1 - wall0;
        cpu += cpu1 - cpu0;
      }
    }
    return new RoundTimes(wall, cpu);
  }

  private record RoundTimes(long wallNanos, long cpuNanos) {}

  private static RoundTimes overTls(int sites, JobSpec job, LocalTrainer trainer, int warmup)
      throws Exception {
    ConsortiumAuthority authority =
        ConsortiumAuthority.create("Bench", Duration.ofDays(30), Clock.systemUTC());
    ConsortiumTrust trust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());
    ConsortiumTrust siteTrust =
        new ConsortiumTrust(authority.rootCertificate(), RevocationList.none(), Clock.systemUTC());
    SiteIdentity endpoint = SiteIdentity.generate("coordinator");
    endpoint =
        endpoint.withCertificateChain(
            List.of(
                authority.issueServerCertificate(
                    endpoint.certificationRequest(),
                    "coordinator",
                    List.of("localhost"),
                    Duration.ofDays(1))));
    FederationStore store = FederationStore.inMemory();
    Coordinator coordinator =
        new Coordinator("coordinator", store, new PlainAggregation(), Clock.systemUTC());
    // -Dbench.directBuffers=true measures Netty's default direct buffers (the "before" of the fix)
    boolean direct = Boolean.getBoolean("bench.directBuffers");
    NettyServerBuilder serverBuilder =
        NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0));
    Server server =
        (direct ? serverBuilder : FederationTls.withHeapBuffers(serverBuilder))
            .sslContext(FederationTls.coordinatorServer(endpoint, trust))
            .addService(
                ServerInterceptors.intercept(
                    new GrpcFederationService(coordinator, new CertificateSiteAuthenticator(trust)),
                    new PeerCertificates()))
            .build()
            .start();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    List<AutoCloseable> open = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try {
      for (int s = 0; s < sites; s++) {
        String id = String.format("site-%03d", s);
        ids.add(id);
        SiteIdentity identity = SiteIdentity.generate(id);
        identity =
            identity.withCertificateChain(
                List.of(
                    authority.issueSiteCertificate(
                        identity.certificationRequest(), id, Duration.ofDays(1))));
        NettyChannelBuilder channelBuilder =
            NettyChannelBuilder.forAddress("localhost", server.getPort());
        ManagedChannel channel =
            (direct ? channelBuilder : FederationTls.withHeapBuffers(channelBuilder))
                .sslContext(FederationTls.site(identity, siteTrust))
                .maxInboundMessageSize(2 << 20)
                .build();
        channels.add(channel);
        SiteAgent agent = new SiteAgent(id, SitePolicy.acceptAll("default"), trainer);
        SiteConnection connection =
            new SiteConnection(channel, agent, "bench", Backoff.standard(), scheduler);
        open.add(connection);
        open.add(agent);
        connection.start();
      }
      if (!coordinator.sites().awaitConnected(ids, Duration.ofMinutes(2))) {
        throw new IllegalStateException("sites did not connect");
      }
      return timeRounds(coordinator, job, warmup);
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
      channels.forEach(ManagedChannel::shutdownNow);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      scheduler.shutdownNow();
    }
  }
}
