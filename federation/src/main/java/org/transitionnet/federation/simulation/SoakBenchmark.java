package org.transitionnet.federation.simulation;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.aggregation.secure.SiteSecureAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;
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
 * Soak: one job of R rounds with secure aggregation over S sites, over loopback mutual TLS 1.3 (a
 * real grpc-netty-shaded server on a port the OS picks, one channel per site, each site's
 * certificate issued by a consortium authority), set up as {@link RoundOverheadBenchmark}'s {@code
 * tls} transport. It checks that many rounds in a row run without a single error and that the live
 * heap does not grow from round to round.
 *
 * <p>Training is not what is soaked: every site's "training" returns the global model plus a
 * constant, so the rounds exercise the protocol, the secure aggregation (key advertisements,
 * shares, masked inputs, unmasking), the TLS transport, the strategy and the store. The model has
 * the default transition model's size (2,668 parameters) unless told otherwise.
 *
 * <p>Errors counted (any one fails the soak): the job not completing; a round that needed more than
 * one attempt (a failed attempt is retried by the job runner); a round with fewer participants than
 * sites, or with a participant missing from the secure sum or reporting a failure; a site that
 * reopened its stream or is not connected at the end; a message of a site that the coordinator
 * refused; a WARNING or SEVERE log record of the project's or gRPC's loggers while the job runs;
 * any exception.
 *
 * <p>Heap: {@link CoordinatorHeapBenchmark#liveHeap()} (a full collection, then the heap pools in
 * use, which is what {@code MemoryMXBean} reports as heap used) read three times 200 ms apart, the
 * lowest reading, once after round 1 and once after round R, both with every connection still open
 * and no round running. The coordinator and all sites share this JVM, so the figure is theirs
 * together (an upper bound on the coordinator's); a leak in either shows as growth. The in-memory
 * store keeps every model version (a deployed coordinator keeps them in its database), so R - 1
 * models (8 bytes per parameter each) and round records are expected growth; the tolerance ({@link
 * Result#heapLimitBytes()}) covers them.
 *
 * <p>Usage: {@code SoakBenchmark [SITES] [ROUNDS] [PARAMETERS]} (defaults 50, 20, 2668); exits 1
 * when the soak fails.
 */
public final class SoakBenchmark {

  public static final int DEFAULT_SITES = 50;
  public static final int DEFAULT_ROUNDS = 20;

  /** The default transition model's parameter count. */
  public static final int DEFAULT_PARAMETERS = 2668;

  /** How long one round attempt may take before it fails (and counts as an error). */
  public static final Duration DEFAULT_ROUND_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Relative part of the heap tolerance: heap after round R may be up to this multiple of the heap
   * after round 1 (plus {@link #HEAP_SLACK_BYTES}). Covers the spread of live-heap readings after a
   * full collection (heap regions that are in use but not full).
   */
  public static final double HEAP_GROWTH_FACTOR = 1.10;

  /**
   * Absolute part of the heap tolerance: 8 MiB. Covers what may legitimately be live after round R
   * but not after round 1: the in-memory store's R - 1 further model versions and round records (at
   * 50 sites, 20 rounds, 2,668 parameters about 0.5 MB) and up to two more 4 MiB chunks of Netty's
   * pooled heap-buffer allocator, whose arenas (one per event-loop thread) fill as threads first
   * carry traffic and keep their chunks.
   */
  public static final long HEAP_SLACK_BYTES = 8L << 20;

  private static final int HEAP_SAMPLES = 3;
  private static final long HEAP_SAMPLE_PAUSE_MILLIS = 200;

  private static final int MAX_ERROR_DETAILS = 20;
  private static final String JOB_ID = "soak";
  private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);

  /** Not training: the global model plus a constant (the soak is not of local training). */
  private static final LocalTrainer CONSTANT_UPDATE =
      (global, plan) -> {
        double[] p = global.clone();
        for (int i = 0; i < p.length; i++) {
          p[i] += 1e-3;
        }
        return new LocalUpdate(p, 100, 0);
      };

  private SoakBenchmark() {}

  /**
   * What one soak found.
   *
   * @param sites sites that were to take part in every round
   * @param rounds rounds the job asked for
   * @param parameters model parameters
   * @param roundsCompleted rounds committed to the store
   * @param errors errors of all kinds (see the class comment); 0 for a passing soak
   * @param errorDetails the first errors, described
   * @param heapAfterFirstRoundBytes live heap after round 1; -1 when round 1 did not complete
   * @param heapAfterLastRoundBytes live heap after round R; -1 when round R did not complete
   * @param setupMillis authority, certificates, TLS server and site connections up to all sites
   *     connected, and the job submitted
   * @param roundsMillis the job's rounds (the heap readings between them excluded)
   * @param wallMillis everything, closing included
   */
  public record Result(
      int sites,
      int rounds,
      int parameters,
      int roundsCompleted,
      int errors,
      List<String> errorDetails,
      long heapAfterFirstRoundBytes,
      long heapAfterLastRoundBytes,
      long setupMillis,
      long roundsMillis,
      long wallMillis) {

    public Result {
      errorDetails = List.copyOf(errorDetails);
    }

    /** Whether both heap readings were taken. */
    public boolean heapMeasured() {
      return heapAfterFirstRoundBytes >= 0 && heapAfterLastRoundBytes >= 0;
    }

    /**
     * The most the live heap after round R may be: heap after round 1 x {@link #HEAP_GROWTH_FACTOR}
     * + {@link #HEAP_SLACK_BYTES}; -1 without a reading after round 1.
     */
    public long heapLimitBytes() {
      if (heapAfterFirstRoundBytes < 0) {
        return -1;
      }
      return (long) (heapAfterFirstRoundBytes * HEAP_GROWTH_FACTOR) + HEAP_SLACK_BYTES;
    }

    /** Heap after round R minus heap after round 1 (may be negative); 0 when not measured. */
    public long heapGrowthBytes() {
      return heapMeasured() ? heapAfterLastRoundBytes - heapAfterFirstRoundBytes : 0;
    }

    /** Whether both readings were taken and the heap after round R is within the limit. */
    public boolean heapWithinTolerance() {
      return heapMeasured() && heapAfterLastRoundBytes <= heapLimitBytes();
    }

    /** No errors, every round completed, heap within the tolerance. */
    public boolean passed() {
      return errors == 0 && roundsCompleted == rounds && heapWithinTolerance();
    }
  }

  public static void main(String[] args) throws Exception {
    int sites = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SITES;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
    int parameters = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_PARAMETERS;
    Result r = run(sites, rounds, parameters, DEFAULT_ROUND_TIMEOUT);
    System.out.printf(
        Locale.ROOT,
        "sites=%d rounds=%d parameters=%d rounds_completed=%d errors=%d"
            + " heap_after_round_1_mb=%.1f heap_after_round_%d_mb=%.1f heap_limit_mb=%.1f"
            + " setup_s=%.1f rounds_s=%.1f wall_s=%.1f passed=%b%n",
        r.sites(),
        r.rounds(),
        r.parameters(),
        r.roundsCompleted(),
        r.errors(),
        r.heapAfterFirstRoundBytes() / 1e6,
        r.rounds(),
        r.heapAfterLastRoundBytes() / 1e6,
        r.heapLimitBytes() / 1e6,
        r.setupMillis() / 1e3,
        r.roundsMillis() / 1e3,
        r.wallMillis() / 1e3,
        r.passed());
    r.errorDetails().forEach(e -> System.out.println("error: " + e));
    System.exit(r.passed() ? 0 : 1);
  }

  /** Runs the soak with the default parameter count and round timeout. */
  public static Result run(int sites, int rounds) throws InterruptedException {
    return run(sites, rounds, DEFAULT_PARAMETERS, DEFAULT_ROUND_TIMEOUT);
  }

  /**
   * Runs one secure-aggregation job of {@code rounds} rounds over {@code sites} sites connected by
   * loopback mutual TLS, and closes everything (server, channels, site agents, executors) before it
   * returns. Errors, exceptions included, are counted in the result, not thrown; an interrupt is
   * rethrown after closing.
   *
   * @param roundTimeout the deadline of each round attempt
   */
  public static Result run(int sites, int rounds, int parameters, Duration roundTimeout)
      throws InterruptedException {
    if (sites < 2) {
      throw new IllegalArgumentException("secure aggregation needs >= 2 sites, was " + sites);
    }
    if (rounds < 1 || parameters < 1) {
      throw new IllegalArgumentException("rounds and parameters must be >= 1");
    }
    long start = System.nanoTime();
    Errors errors = new Errors();
    // held here: a logger only referenced by name could be collected with its handler
    Logger ours = Logger.getLogger("org.transitionnet");
    Logger grpc = Logger.getLogger("io.grpc");
    WarningCounter warnings = new WarningCounter(errors);
    long setupNanos = 0;
    long roundsNanos = 0;
    long heapAfterFirst = -1;
    long heapAfterLast = -1;
    int completed = 0;
    TlsFederation federation = new TlsFederation();
    ours.addHandler(warnings);
    grpc.addHandler(warnings);
    try {
      federation.start(sites);
      Coordinator coordinator = federation.coordinator;
      coordinator.submit(
          JobSpec.of(JOB_ID, StrategyKind.FEDAVG, rounds, parameters)
              .withMinSites(sites)
              .withRoundTimeout(roundTimeout)
              .withSecureAggregation(true),
          new double[parameters]);
      long t0 = System.nanoTime();
      setupNanos = t0 - start;
      JobRecord job = coordinator.jobs().runUntil(JOB_ID, 1);
      roundsNanos += System.nanoTime() - t0;
      if (roundsCompleted(coordinator) >= 1) {
        heapAfterFirst = settledLiveHeap();
      }
      // a failed job would be run again by runUntil; a soak stops at the first failed job
      if (job.status() != JobStatus.FAILED) {
        long t1 = System.nanoTime();
        job = coordinator.jobs().runUntil(JOB_ID, rounds);
        roundsNanos += System.nanoTime() - t1;
      }
      completed = roundsCompleted(coordinator);
      if (completed == rounds) {
        heapAfterLast = settledLiveHeap();
      }
      if (job.status() != JobStatus.COMPLETED) {
        errors.add("job " + job.status() + ": " + job.failure());
      }
      checkRounds(coordinator.store().rounds().rounds(JOB_ID), sites, errors);
      federation.checkSites(errors);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      errors.add("exception: " + e);
    } finally {
      ours.removeHandler(warnings);
      grpc.removeHandler(warnings);
      federation.close();
    }
    return new Result(
        sites,
        rounds,
        parameters,
        completed,
        errors.count(),
        errors.details(),
        heapAfterFirst,
        heapAfterLast,
        TimeUnit.NANOSECONDS.toMillis(setupNanos),
        TimeUnit.NANOSECONDS.toMillis(roundsNanos),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static int roundsCompleted(Coordinator coordinator) {
    return coordinator.store().rounds().rounds(JOB_ID).size();
  }

  /**
   * The live heap once the JVM has settled: {@link CoordinatorHeapBenchmark#liveHeap()} (full
   * collection, heap pools in use) three times, 200 ms apart so that messages still in flight are
   * handled and objects released by cleaners after one collection are gone by the next; the lowest
   * reading.
   */
  static long settledLiveHeap() throws InterruptedException {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < HEAP_SAMPLES; i++) {
      Thread.sleep(HEAP_SAMPLE_PAUSE_MILLIS);
      lowest = Math.min(lowest, CoordinatorHeapBenchmark.liveHeap());
    }
    return lowest;
  }

  /** Every committed round must be a first attempt with every site in it and in its sum. */
  private static void checkRounds(List<RoundRecord> records, int sites, Errors errors) {
    for (RoundRecord r : records) {
      if (r.attempt() != 1) {
        errors.add(
            "round "
                + r.round()
                + " completed at attempt "
                + r.attempt()
                + " ("
                + (r.attempt() - 1)
                + " failed attempts before it)");
      }
      if (r.participants().size() != sites) {
        errors.add(
            "round " + r.round() + " had " + r.participants().size() + " of " + sites + " sites");
      }
      if (r.reported().size() != r.participants().size()) {
        errors.add(
            "round "
                + r.round()
                + ": "
                + r.reported().size()
                + " of "
                + r.participants().size()
                + " participants in the secure sum (closed by "
                + r.closedBy()
                + ")");
      }
      if (!r.failures().isEmpty()) {
        errors.add("round " + r.round() + ": site failures " + r.failures());
      }
    }
  }

  /** Errors seen so far: their number and the first few described. */
  private static final class Errors {
    private final List<String> details = new ArrayList<>();
    private int count;

    synchronized void add(String detail) {
      count++;
      if (details.size() < MAX_ERROR_DETAILS) {
        details.add(detail);
      }
    }

    synchronized int count() {
      return count;
    }

    synchronized List<String> details() {
      return List.copyOf(details);
    }
  }

  /** Counts every WARNING or worse log record as an error. */
  private static final class WarningCounter extends Handler {
    private final Errors errors;
    private final SimpleFormatter formatter = new SimpleFormatter();

    WarningCounter(Errors errors) {
      this.errors = errors;
      setLevel(Level.WARNING);
    }

    @Override
    public void publish(LogRecord record) {
      if (record == null || record.getLevel().intValue() < Level.WARNING.intValue()) {
        return;
      }
      String message = formatter.formatMessage(record);
      if (record.getThrown() != null) {
        message += ": " + record.getThrown();
      }
      errors.add("logged " + record.getLevel() + " by " + record.getLoggerName() + ": " + message);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /**
   * A coordinator with secure aggregation behind a mutual-TLS Netty server on a free loopback port,
   * and its sites, each with a certificate from the consortium authority (used for TLS and for
   * signing its secure-aggregation keys), its own channel, agent and reconnecting stream.
   */
  private static final class TlsFederation implements AutoCloseable {
    private final ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "soak-sites");
              t.setDaemon(true);
              return t;
            });
    private final List<String> siteIds = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<SiteAgent> agents = new ArrayList<>();
    private final List<SiteConnection> connections = new ArrayList<>();
    private Coordinator coordinator;
    private Server server;

    void start(int sites) throws Exception {
      Clock clock = Clock.systemUTC();
      ConsortiumAuthority authority =
          ConsortiumAuthority.create("Soak", Duration.ofDays(30), clock);
      // the coordinator checks revocations with the authority; sites trust the root (as nodes do)
      ConsortiumTrust trust = new ConsortiumTrust(authority.rootCertificate(), authority, clock);
      ConsortiumTrust siteTrust =
          new ConsortiumTrust(authority.rootCertificate(), RevocationList.none(), clock);
      SiteIdentity endpoint = SiteIdentity.generate("coordinator");
      endpoint =
          endpoint.withCertificateChain(
              List.of(
                  authority.issueServerCertificate(
                      endpoint.certificationRequest(),
                      "coordinator",
                      List.of("localhost", "127.0.0.1"),
                      Duration.ofDays(1))));
      coordinator =
          new Coordinator(
              "coordinator",
              FederationStore.inMemory(),
              new PlainAggregation(),
              SecureAggregation.standard(trust),
              clock,
              30);
      server =
          FederationTls.withHeapBuffers(
                  NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0)))
              .sslContext(FederationTls.coordinatorServer(endpoint, trust))
              .addService(
                  ServerInterceptors.intercept(
                      new GrpcFederationService(
                          coordinator, new CertificateSiteAuthenticator(trust)),
                      new PeerCertificates()))
              .build()
              .start();
      for (int s = 0; s < sites; s++) {
        String id = String.format(Locale.ROOT, "site-%03d", s);
        siteIds.add(id);
        SiteIdentity identity = SiteIdentity.generate(id);
        identity =
            identity.withCertificateChain(
                List.of(
                    authority.issueSiteCertificate(
                        identity.certificationRequest(), id, Duration.ofDays(1))));
        ManagedChannel channel =
            FederationTls.withHeapBuffers(
                    NettyChannelBuilder.forAddress("localhost", server.getPort()))
                .sslContext(FederationTls.site(identity, siteTrust))
                .maxInboundMessageSize(2 << 20)
                .build();
        channels.add(channel);
        SiteAgent agent = new SiteAgent(id, SitePolicy.acceptAll("default"), CONSTANT_UPDATE);
        agents.add(agent);
        agent.withSecureAggregation(SiteSecureAggregation.standard(identity, siteTrust));
        SiteConnection connection =
            new SiteConnection(channel, agent, "soak", Backoff.standard(), scheduler);
        connections.add(connection);
        connection.start();
      }
      if (!coordinator.sites().awaitConnected(siteIds, CONNECT_TIMEOUT)) {
        throw new IllegalStateException(
            coordinator.sites().connected().size()
                + " of "
                + sites
                + " sites connected within "
                + CONNECT_TIMEOUT);
      }
    }

    /** Every site kept its first stream, is connected and had no message refused. */
    void checkSites(Errors errors) {
      for (int i = 0; i < connections.size(); i++) {
        String id = siteIds.get(i);
        SiteConnection connection = connections.get(i);
        int reopened = connection.streamsOpened() - 1;
        if (reopened > 0) {
          errors.add(id + " reopened its stream " + reopened + " times");
        }
        if (!connection.isConnected()) {
          errors.add(id + " is not connected at the end");
        }
        var refusals = agents.get(i).refusals();
        if (!refusals.isEmpty()) {
          errors.add(
              id
                  + ": the coordinator refused "
                  + refusals.size()
                  + " of its messages, first "
                  + refusals.get(0).getReason()
                  + ": "
                  + refusals.get(0).getDetail());
        }
      }
      int connected = coordinator.sites().connected().size();
      if (connected != siteIds.size()) {
        errors.add(connected + " of " + siteIds.size() + " sites connected at the end");
      }
    }

    /** Closes the streams, agents, channels, server and scheduler; waits at most 10 s in all. */
    @Override
    public void close() {
      for (SiteConnection connection : connections) {
        connection.close();
      }
      for (SiteAgent agent : agents) {
        agent.close();
      }
      for (ManagedChannel channel : channels) {
        channel.shutdownNow();
      }
      if (server != null) {
        server.shutdownNow();
      }
      scheduler.shutdownNow();
      // wait even when interrupted (a test's time limit), then keep the interrupt
      boolean interrupted = Thread.interrupted();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      try {
        for (ManagedChannel channel : channels) {
          channel.awaitTermination(left(deadline), TimeUnit.NANOSECONDS);
        }
        if (server != null) {
          server.awaitTermination(left(deadline), TimeUnit.NANOSECONDS);
        }
        scheduler.awaitTermination(left(deadline), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static long left(long deadline) {
      return Math.max(0, deadline - System.nanoTime());
    }
  }
}
