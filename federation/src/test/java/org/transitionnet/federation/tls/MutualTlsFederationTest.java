package org.transitionnet.federation.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.enrollment.EnrollmentClient;
import org.transitionnet.federation.enrollment.GrpcEnrollmentService;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.transport.Backoff;
import org.transitionnet.federation.transport.GrpcFederationService;
import org.transitionnet.federation.transport.PeerCertificates;
import org.transitionnet.federation.transport.SiteConnection;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.EnrollmentTokens;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.SiteIdentity;

/** Real TLS 1.3 over loopback with grpc-netty-shaded: enrollment, then mutual-TLS site streams. */
class MutualTlsFederationTest {

  private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2);
  private static final double[] TRUE_W = {1, 2};

  private ConsortiumAuthority authority;
  private EnrollmentTokens tokens;
  private ConsortiumTrust siteTrust;
  private Coordinator coordinator;
  private Server enrollmentServer;
  private Server federationServer;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

  @BeforeEach
  void startCoordinator() throws Exception {
    authority =
        ConsortiumAuthority.create("Test Consortium", Duration.ofDays(3650), Clock.systemUTC());
    tokens = new EnrollmentTokens(Clock.systemUTC());
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
            "coordinator", FederationStore.inMemory(), new PlainAggregation(), Clock.systemUTC());
    enrollmentServer =
        NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
            .sslContext(FederationTls.enrollmentServer(endpoint))
            .addService(new GrpcEnrollmentService(authority, tokens, Duration.ofDays(30)))
            .build()
            .start();
    federationServer =
        NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
            .sslContext(FederationTls.coordinatorServer(endpoint, coordinatorTrust))
            .addService(
                ServerInterceptors.intercept(
                    new GrpcFederationService(
                        coordinator, new CertificateSiteAuthenticator(coordinatorTrust)),
                    new PeerCertificates()))
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    scheduler.shutdownNow();
    federationServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    enrollmentServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private SiteIdentity enroll(String siteId) throws Exception {
    String token = tokens.issue(siteId, Duration.ofHours(1));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", enrollmentServer.getPort())
            .sslContext(FederationTls.enrollingSite(authority.rootCertificate()))
            .build();
    channels.add(channel);
    return EnrollmentClient.enroll(channel, SiteIdentity.generate(siteId), token);
  }

  private SiteConnection connect(String helloSiteId, SiteIdentity identity) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", federationServer.getPort())
            .sslContext(FederationTls.site(identity, siteTrust))
            .build();
    channels.add(channel);
    SiteAgent agent =
        new SiteAgent(
            helloSiteId,
            SitePolicy.acceptAll("default"),
            LeastSquaresTrainer.synthetic(TRUE_W, 20, 0, helloSiteId.hashCode()));
    SiteConnection connection = new SiteConnection(channel, agent, "test", FAST, scheduler);
    closeables.add(connection);
    closeables.add(agent);
    connection.start();
    return connection;
  }

  @Test
  void enrolledSites_runAJobOverMutualTls() throws Exception {
    connect("site-a", enroll("site-a"));
    connect("site-b", enroll("site-b"));
    assertThat(
            coordinator.sites().awaitConnected(List.of("site-a", "site-b"), Duration.ofSeconds(10)))
        .isTrue();
    coordinator.submit(
        JobSpec.of("tls-job", StrategyKind.FEDAVG, 2, TRUE_W.length)
            .withMinSites(2)
            .withRoundTimeout(Duration.ofSeconds(10)),
        new double[TRUE_W.length]);
    assertThat(coordinator.run("tls-job").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(coordinator.store().rounds().rounds("tls-job")).hasSize(2);
  }

  @Test
  void enrollmentToken_worksOnce() throws Exception {
    String token = tokens.issue("site-a", Duration.ofHours(1));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", enrollmentServer.getPort())
            .sslContext(FederationTls.enrollingSite(authority.rootCertificate()))
            .build();
    channels.add(channel);
    assertThat(
            EnrollmentClient.enroll(channel, SiteIdentity.generate("site-a"), token).isEnrolled())
        .isTrue();
    assertThatThrownBy(
            () -> EnrollmentClient.enroll(channel, SiteIdentity.generate("site-a"), token))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void selfSignedSite_isRefusedAtTheHandshake() throws Exception {
    SiteConnection stranger = connect("site-x", SiteIdentity.generate("site-x"));
    awaitRedialed(stranger);
    assertThat(coordinator.sites().connected()).doesNotContain("site-x");
    assertThat(stranger.isConnected()).isFalse();
    assertThat(stranger.streamsOpened()).isGreaterThan(1);
  }

  @Test
  void revokedSite_isRefused() throws Exception {
    SiteIdentity revoked = enroll("site-r");
    authority.revoke(revoked.certificate().getSerialNumber());
    SiteConnection connection = connect("site-r", revoked);
    awaitRedialed(connection);
    assertThat(coordinator.sites().connected()).doesNotContain("site-r");
    assertThat(connection.isConnected()).isFalse();
  }

  @Test
  void siteRevokedWhileConnected_isRefusedWhenItDialsAgain() throws Exception {
    SiteIdentity identity = enroll("site-a");
    connect("site-a", identity);
    assertThat(coordinator.sites().awaitConnected(List.of("site-a"), Duration.ofSeconds(10)))
        .isTrue();
    authority.revoke(identity.certificate().getSerialNumber());

    SiteConnection again = connect("site-a", identity);
    awaitRedialed(again);

    assertThat(again.isConnected()).isFalse();
    assertThat(again.streamsOpened()).isGreaterThan(1);
  }

  @Test
  void helloNamingAnotherSite_isRefused() throws Exception {
    SiteConnection impostor = connect("site-a", enroll("site-b"));
    awaitRedialed(impostor);
    assertThat(coordinator.sites().connected()).isEmpty();
    assertThat(impostor.isConnected()).isFalse();
  }

  /**
   * Waits (without a fixed sleep) until the site's first stream ended and it dialled again: the
   * coordinator has then answered its first attempt, so whether it let the site in is settled.
   */
  private static void awaitRedialed(SiteConnection connection) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (connection.streamsOpened() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(connection.streamsOpened())
        .as("the site dialled again after its first stream ended")
        .isGreaterThan(1);
  }
}
