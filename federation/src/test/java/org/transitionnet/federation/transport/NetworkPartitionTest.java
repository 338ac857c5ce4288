package org.transitionnet.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.aggregation.secure.SiteSecureAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.federation.tls.CertificateSiteAuthenticator;
import org.transitionnet.federation.tls.FederationTls;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.security.secagg.AggregateResult;

/**
 * A network partition in the middle of a securely aggregated round, over real mutual TLS on
 * loopback: site-a and site-b dial the coordinator directly, site-c through a {@link
 * FaultyTcpProxy} that the test cuts (connections reset, redials refused until it heals) or stalls
 * (bytes held in both directions, sockets open). The faults are triggered by what the coordinator's
 * secure aggregation receives (its audit), so no test step waits on a fixed sleep.
 */
class NetworkPartitionTest {

  private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2);
  private static final double[] TRUE_W = {1.5, -2.0};
  private static final List<String> SITES = List.of("site-a", "site-b", "site-c");
  private static final String BEHIND_PROXY = "site-c";
  private static final Duration BOUND = Duration.ofSeconds(60);

  private ConsortiumAuthority authority;
  private ConsortiumTrust siteTrust;
  private Coordinator coordinator;
  private Server federationServer;
  private FaultyTcpProxy proxy;
  private final Transcript transcript = new Transcript();
  private final Map<String, SiteConnection> connections = new ConcurrentHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService jobThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "partition-test-job");
            t.setDaemon(true);
            return t;
          });

  /** What the coordinator's secure aggregation received and released, plus the fault trigger. */
  private static final class Transcript implements SecureAggregation.Audit {
    final List<Map.Entry<String, SecAggMessage>> received = new CopyOnWriteArrayList<>();
    final Map<RoundId, AggregateResult> released = new ConcurrentHashMap<>();
    final List<Throwable> hookErrors = new CopyOnWriteArrayList<>();
    volatile BiConsumer<String, SecAggMessage> hook = (site, message) -> {};

    @Override
    public void received(String siteId, SecAggMessage message) {
      received.add(Map.entry(siteId, message));
      try {
        hook.accept(siteId, message);
      } catch (RuntimeException | AssertionError e) {
        hookErrors.add(e);
      }
    }

    @Override
    public void released(RoundId round, AggregateResult aggregate) {
      released.put(round, aggregate);
    }

    /** The sites that answered the unmasking request of {@code round}. */
    List<String> unmaskingResponders(RoundId round) {
      return received.stream()
          .filter(e -> e.getValue().hasUnmaskingResponse())
          .filter(e -> ProtoMessages.roundId(e.getValue().getRef()).equals(round))
          .map(Map.Entry::getKey)
          .toList();
    }
  }

  @BeforeEach
  void startFederation() throws Exception {
    authority =
        ConsortiumAuthority.create("Partition Test", Duration.ofDays(3650), Clock.systemUTC());
    SiteIdentity endpoint = SiteIdentity.generate("coordinator");
    endpoint =
        endpoint.withCertificateChain(
            List.of(
                authority.issueServerCertificate(
                    endpoint.certificationRequest(),
                    "coordinator",
                    List.of("localhost", "127.0.0.1"),
                    Duration.ofDays(30))));
    ConsortiumTrust coordinatorTrust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());
    siteTrust =
        new ConsortiumTrust(authority.rootCertificate(), RevocationList.none(), Clock.systemUTC());
    coordinator =
        new Coordinator(
            "coordinator",
            FederationStore.inMemory(),
            new PlainAggregation(),
            SecureAggregation.standard(coordinatorTrust).withAudit(transcript),
            Clock.systemUTC(),
            30);
    federationServer =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sslContext(FederationTls.coordinatorServer(endpoint, coordinatorTrust))
            .addService(
                ServerInterceptors.intercept(
                    new GrpcFederationService(
                        coordinator, new CertificateSiteAuthenticator(coordinatorTrust)),
                    new PeerCertificates()))
            .build()
            .start();
    proxy = FaultyTcpProxy.start(federationServer.getPort());
    for (String site : SITES) {
      connect(site, site.equals(BEHIND_PROXY) ? proxy.port() : federationServer.getPort());
    }
    assertThat(coordinator.sites().awaitConnected(SITES, Duration.ofSeconds(30)))
        .as("all three sites connected before the job")
        .isTrue();
  }

  @AfterEach
  void stopFederation() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    jobThread.shutdownNow();
    if (proxy != null) {
      proxy.close();
    }
    scheduler.shutdownNow();
    if (federationServer != null) {
      federationServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** An enrolled site (certificate from the consortium) dialling {@code port} over mutual TLS. */
  private void connect(String siteId, int port) throws Exception {
    SiteIdentity identity = SiteIdentity.generate(siteId);
    X509Certificate certificate =
        authority.issueSiteCertificate(identity.certificationRequest(), siteId, Duration.ofDays(1));
    identity = identity.withCertificateChain(List.of(certificate, authority.rootCertificate()));
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(address)
            .overrideAuthority("localhost")
            .sslContext(FederationTls.site(identity, siteTrust))
            .build();
    channels.add(channel);
    SiteAgent agent =
        new SiteAgent(
                siteId,
                SitePolicy.acceptAll("default"),
                LeastSquaresTrainer.synthetic(TRUE_W, 40, 0.1, siteId.hashCode()))
            .withSecureAggregation(SiteSecureAggregation.standard(identity, siteTrust));
    SiteConnection connection = new SiteConnection(channel, agent, "test", FAST, scheduler);
    closeables.add(connection);
    closeables.add(agent);
    connections.put(siteId, connection);
    connection.start();
  }

  private static JobSpec secureJob(String jobId, Duration roundTimeout) {
    return JobSpec.of(jobId, StrategyKind.FEDAVG, 2, TRUE_W.length)
        .withTraining(3, 0.05, 0.0)
        .withMinSites(2)
        .withRoundTimeout(roundTimeout)
        .withSecureAggregation(true);
  }

  /** Submits the job and runs it on the job thread (the test thread watches and heals). */
  private Future<JobRecord> runInBackground(JobSpec spec) {
    coordinator.submit(spec, new double[TRUE_W.length]);
    return jobThread.submit(() -> coordinator.run(spec.jobId()));
  }

  private Optional<RoundRecord> round(String jobId, int round) {
    return coordinator.store().rounds().rounds(jobId).stream()
        .filter(r -> r.round() == round)
        .findFirst();
  }

  private static boolean isLastMaskedChunk(SecAggMessage message) {
    return message.hasMaskedChunk()
        && message.getMaskedChunk().getIndex() == message.getMaskedChunk().getCount() - 1;
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void streamCutAfterMaskedUpload_roundCompletesWithoutWaitingForTheSite_andItRejoinsForRound2()
      throws Exception {
    Duration roundTimeout = Duration.ofSeconds(8);
    SiteConnection siteC = connections.get(BEHIND_PROXY);
    int streamsBefore = siteC.streamsOpened();
    AtomicBoolean partitioned = new AtomicBoolean();
    // the coordinator has site-c's whole masked input of round 1: cut its link, refuse redials
    transcript.hook =
        (site, message) -> {
          RoundId id = ProtoMessages.roundId(message.getRef());
          if (site.equals(BEHIND_PROXY)
              && id.round() == 1
              && isLastMaskedChunk(message)
              && partitioned.compareAndSet(false, true)) {
            proxy.partition();
          }
        };

    Future<JobRecord> job = runInBackground(secureJob("job-cut", roundTimeout));

    RoundRecord round1 = await("round 1 is stored", BOUND, () -> round("job-cut", 1));
    assertThat(partitioned).as("site-c's link was cut after its masked upload").isTrue();
    // still partitioned here: the round closed without any answer from site-c after the cut
    assertThat(round1.attempt()).as("handled within the attempt, not by a retry").isEqualTo(1);
    assertThat(round1.participants()).containsExactlyInAnyOrderElementsOf(SITES);
    // site-c's masked input is in the sum; its self mask came back from the survivors' shares
    assertThat(round1.reported()).containsExactlyInAnyOrderElementsOf(SITES);
    assertThat(round1.failures()).containsKey(BEHIND_PROXY);
    assertThat(Duration.between(round1.started(), round1.closed()))
        .as("closed by the survivors' unmasking, not by the deadline")
        .isLessThan(roundTimeout);
    RoundId attempt1 = new RoundId("job-cut", 1, 1);
    assertThat(transcript.unmaskingResponders(attempt1))
        .containsExactlyInAnyOrder("site-a", "site-b");
    assertThat(transcript.released.get(attempt1)).isNotNull();
    assertThat(transcript.released.get(attempt1).contributors()).contains(BEHIND_PROXY);
    awaitTrue(
        "the coordinator no longer lists site-c",
        BOUND,
        () -> !coordinator.sites().connected().contains(BEHIND_PROXY));

    proxy.heal();

    awaitTrue(
        "site-c is connected again",
        BOUND,
        () -> coordinator.sites().connected().contains(BEHIND_PROXY) && siteC.isConnected());
    assertThat(siteC.streamsOpened()).as("site-c redialled").isGreaterThan(streamsBefore);
    JobRecord done = job.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.status()).as("job failure: %s", done.failure()).isEqualTo(JobStatus.COMPLETED);
    List<RoundRecord> rounds = coordinator.store().rounds().rounds("job-cut");
    assertThat(rounds).extracting(RoundRecord::round).containsExactly(1, 2);
    RoundRecord round2 = round("job-cut", 2).orElseThrow();
    assertThat(round2.reported())
        .as("site-c re-admitted in round 2 of the same job")
        .containsExactlyInAnyOrderElementsOf(SITES);
    assertThat(round2.failures()).isEmpty();
    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(transcript.hookErrors).isEmpty();
  }

  /**
   * A stall is not a disconnect: neither end sees an error (no keepalive in this setup), so the
   * coordinator keeps waiting for site-c inside the attempt. The secure round cannot close a phase
   * without an answer or a failure from every site still in it, so the attempt ends at its deadline
   * ({@code SecureRound#expire}) and the job runner starts the next attempt. The stall lasts
   * exactly until that next attempt is under way; site-c, whose stream survived, takes part in it.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void stalledLink_attemptEndsAtItsDeadline_retryAfterTheStallCompletesTheJobWithTheSite()
      throws Exception {
    Duration roundTimeout = Duration.ofSeconds(5);
    SiteConnection siteC = connections.get(BEHIND_PROXY);
    int streamsBefore = siteC.streamsOpened();
    AtomicLong stalledAt = new AtomicLong();
    AtomicLong resumedAt = new AtomicLong();
    transcript.hook =
        (site, message) -> {
          RoundId id = ProtoMessages.roundId(message.getRef());
          if (site.equals(BEHIND_PROXY)
              && id.round() == 1
              && id.attempt() == 1
              && message.hasAdvertiseKeys()
              && stalledAt.compareAndSet(0, System.nanoTime())) {
            // site-c trained and advertised its keys: hold everything from here on
            proxy.stall(true);
          } else if (!site.equals(BEHIND_PROXY)
              && id.round() == 1
              && id.attempt() == 2
              && stalledAt.get() != 0
              && resumedAt.compareAndSet(0, System.nanoTime())) {
            // attempt 1 is over and attempt 2 running: let bytes flow again
            proxy.stall(false);
          }
        };

    Future<JobRecord> job = runInBackground(secureJob("job-stall", roundTimeout));

    awaitTrue("site-c's link is stalled", BOUND, () -> stalledAt.get() != 0);
    awaitTrue("attempt 2 of round 1 started", BOUND, () -> resumedAt.get() != 0);
    Duration stalled = Duration.ofNanos(resumedAt.get() - stalledAt.get());
    assertThat(stalled)
        .as("attempt 1 ended by its deadline instead of waiting for the stalled site")
        .isLessThan(roundTimeout.plusSeconds(15));
    JobRecord done = job.get(BOUND.toSeconds(), TimeUnit.SECONDS);

    assertThat(done.status()).as("job failure: %s", done.failure()).isEqualTo(JobStatus.COMPLETED);
    List<RoundRecord> rounds = coordinator.store().rounds().rounds("job-stall");
    assertThat(rounds).extracting(RoundRecord::round).containsExactly(1, 2);
    RoundRecord round1 = round("job-stall", 1).orElseThrow();
    assertThat(round1.attempt()).as("the stalled attempt 1 stored nothing").isEqualTo(2);
    assertThat(transcript.released).doesNotContainKey(new RoundId("job-stall", 1, 1));
    assertThat(round1.reported()).containsExactlyInAnyOrderElementsOf(SITES);
    assertThat(round("job-stall", 2).orElseThrow().reported())
        .containsExactlyInAnyOrderElementsOf(SITES);
    assertThat(coordinator.sites().connected()).contains(BEHIND_PROXY);
    assertThat(siteC.isConnected()).isTrue();
    assertThat(siteC.streamsOpened()).as("the stall broke no stream").isEqualTo(streamsBefore);
    assertThat(proxy.cuts()).isZero();
    assertThat(transcript.hookErrors).isEmpty();
  }

  /** Polls {@code probe} every 20 ms until it yields a value; fails after {@code timeout}. */
  private static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    NetworkPartitionTest.<Boolean>await(
        what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }
}
