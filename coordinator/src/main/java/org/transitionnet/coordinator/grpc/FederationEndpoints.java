package org.transitionnet.coordinator.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.coordinator.enrollment.ConsortiumRegistrar;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.store.SiteRepository;
import org.transitionnet.federation.tls.CertificateSiteAuthenticator;
import org.transitionnet.federation.tls.FederationTls;
import org.transitionnet.federation.transport.GrpcFederationService;
import org.transitionnet.federation.transport.PeerCertificates;
import org.transitionnet.security.pki.SiteIdentity;

/**
 * The coordinator's two embedded grpc-java (Netty) servers: the federation port with mutual TLS 1.3
 * (client certificate required, consortium trust with live revocation) and the enrollment port with
 * server-authenticated TLS 1.3 (a site has no certificate before it enrolls). Both present a server
 * certificate the consortium root signed at start-up.
 */
@ApplicationScoped
public class FederationEndpoints {

  private static final Logger LOG = Logger.getLogger(FederationEndpoints.class.getName());

  @Inject ConsortiumRegistrar registrar;

  @Inject
  @ConfigProperty(name = "grpc.port", defaultValue = "19590")
  int federationPort;

  @Inject
  @ConfigProperty(name = "enrollment.port", defaultValue = "19591")
  int enrollmentPort;

  /** Address the two servers listen on. */
  @Inject
  @ConfigProperty(name = "grpc.bind", defaultValue = "0.0.0.0")
  String bindAddress;

  /** Host names (or IP literals) sites dial: they go into the server certificate. */
  @Inject
  @ConfigProperty(name = "grpc.host", defaultValue = "localhost")
  String hostNames;

  private final RevocableCalls calls = new RevocableCalls();
  private Server federation;
  private Server enrollment;

  /** Starts both servers; their calls run on {@code executor}. */
  public synchronized void start(Coordinator coordinator, SiteRepository sites, Executor executor)
      throws IOException {
    if (federation != null) {
      return;
    }
    List<String> hosts = hostList();
    SiteIdentity identity = registrar.serverIdentity(hosts);
    GrpcFederationService service =
        new GrpcFederationService(coordinator, new CertificateSiteAuthenticator(registrar.trust()));
    federation =
        FederationTls.withHeapBuffers(
                NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, federationPort)))
            .sslContext(FederationTls.coordinatorServer(identity, registrar.trust()))
            .executor(executor)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addService(ServerInterceptors.intercept(service, new PeerCertificates(), calls))
            .build()
            .start();
    enrollment =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, enrollmentPort))
            .sslContext(FederationTls.enrollmentServer(identity))
            .executor(executor)
            .addService(new GrpcEnrollmentService(registrar))
            .build()
            .start();
    LOG.info(
        () ->
            "federation gRPC (mutual TLS 1.3) on "
                + bindAddress
                + ":"
                + federationPort
                + ", enrollment (server TLS) on "
                + enrollmentPort
                + ", certificate for "
                + hosts);
  }

  /** Ends the open streams of a revoked certificate. */
  public void dropCalls(BigInteger serial, String reason) {
    int closed = calls.closeAll(serial, reason);
    LOG.info(() -> "closed " + closed + " open stream(s) of certificate " + serial.toString(16));
  }

  public synchronized boolean running() {
    return federation != null
        && !federation.isShutdown()
        && enrollment != null
        && !enrollment.isShutdown();
  }

  public int federationPort() {
    return federationPort;
  }

  /** Stops both servers, giving open calls a few seconds; also when the application stops. */
  @PreDestroy
  public synchronized void stop() {
    for (Server server : Arrays.asList(federation, enrollment)) {
      if (server == null) {
        continue;
      }
      server.shutdown();
      try {
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
          server.shutdownNow();
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    federation = null;
    enrollment = null;
  }

  private List<String> hostList() {
    return Arrays.stream(hostNames.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
