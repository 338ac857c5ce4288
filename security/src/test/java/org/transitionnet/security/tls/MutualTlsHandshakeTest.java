package org.transitionnet.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.SettableClock;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.security.pki.UntrustedCertificateException;
import org.transitionnet.security.pki.UntrustedCertificateException.Reason;

/**
 * Real TLS 1.3 handshakes over loopback: the coordinator's server trust manager admits an enrolled
 * site and refuses a self-signed, another CA's, an expired and a revoked one.
 */
class MutualTlsHandshakeTest {

  private static final Instant REAL_NOW = Instant.now();

  private SettableClock authorityClock;
  private ConsortiumAuthority authority;
  private SSLServerSocket server;
  private SSLContext serverContext;

  @BeforeEach
  void startCoordinator() throws Exception {
    authorityClock = new SettableClock(REAL_NOW.minus(Duration.ofDays(30)));
    authority =
        ConsortiumAuthority.create("Test Consortium", Duration.ofDays(3650), authorityClock);
    authorityClock.set(REAL_NOW);
    SiteIdentity coordinator = SiteIdentity.generate("coordinator");
    coordinator =
        coordinator.withCertificateChain(
            List.of(
                authority.issueServerCertificate(
                    coordinator.certificationRequest(),
                    "coordinator",
                    List.of("localhost", "127.0.0.1"),
                    Duration.ofDays(365))));
    ConsortiumTrust trust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());
    serverContext = MutualTls.context(coordinator, trust);
    server =
        (SSLServerSocket)
            serverContext.getServerSocketFactory().createServerSocket(0, 50, loopback());
    server.setSSLParameters(MutualTls.serverParameters());
  }

  @AfterEach
  void stopCoordinator() throws IOException {
    server.close();
  }

  @Test
  void enrolledSite_handshakeSucceedsAndServerSeesItsSiteId() throws Exception {
    SiteIdentity site = enroll(authority, "site-a");

    CompletableFuture<String> accepted = acceptOne();
    exchange(site);

    assertThat(accepted.get(10, TimeUnit.SECONDS)).isEqualTo("site-a");
  }

  @Test
  void selfSignedClient_refused() throws Exception {
    SiteIdentity notEnrolled = SiteIdentity.generate("site-a");

    assertRefused(notEnrolled, Reason.UNKNOWN_ISSUER);
  }

  @Test
  void clientFromAnotherCa_refusedEvenWithSameNames() throws Exception {
    ConsortiumAuthority other =
        ConsortiumAuthority.create("Test Consortium", Duration.ofDays(3650), Clock.systemUTC());
    SiteIdentity impostor = enroll(other, "site-a");

    assertRefused(impostor, Reason.UNKNOWN_ISSUER);
  }

  @Test
  void expiredClient_refused() throws Exception {
    authorityClock.set(REAL_NOW.minus(Duration.ofDays(10)));
    SiteIdentity expired = enrollFor(authority, "site-old", Duration.ofDays(1));
    authorityClock.set(REAL_NOW);

    assertRefused(expired, Reason.EXPIRED);
  }

  @Test
  void revokedClient_refusedOnNextHandshakeWithoutRestart() throws Exception {
    SiteIdentity site = enroll(authority, "site-b");
    SSLContext sameClientContext = clientContext(site);
    CompletableFuture<String> first = acceptOne();
    exchange(sameClientContext);
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("site-b");

    authority.revoke(site.certificate().getSerialNumber());

    // the same client context would resume its TLS session if the server allowed resumption
    assertRefused(sameClientContext, Reason.REVOKED);
  }

  @Test
  void siteCertificateCannotServeAsCoordinator() throws Exception {
    SiteIdentity site = enroll(authority, "site-c");
    ConsortiumTrust trust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());

    assertThatThrownBy(() -> trust.verifyServer(site.certificate()))
        .isInstanceOfSatisfying(
            UntrustedCertificateException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_USAGE));
  }

  @Test
  void rootCertificateItselfIsNotASiteCertificate() throws Exception {
    ConsortiumTrust trust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());

    assertThatThrownBy(() -> trust.verifySite(authority.rootCertificate()))
        .isInstanceOf(UntrustedCertificateException.class);
  }

  @Test
  void trustManagerFactory_yieldsTheConsortiumTrustManager() {
    ConsortiumTrust trust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());

    assertThat(MutualTls.trustManagerFactory(trust).getTrustManagers())
        .singleElement()
        .isInstanceOf(ConsortiumTrustManager.class);
    assertThat(
            ((ConsortiumTrustManager) MutualTls.trustManagerFactory(trust).getTrustManagers()[0])
                .getAcceptedIssuers())
        .containsExactly(authority.rootCertificate());
  }

  private void assertRefused(SiteIdentity client, Reason expected) throws Exception {
    assertRefused(clientContext(client), expected);
  }

  private void assertRefused(SSLContext client, Reason expected) throws Exception {
    CompletableFuture<String> accepted = acceptOne();
    try {
      exchange(client);
    } catch (IOException clientSawRefusal) {
      // expected: the server aborts the handshake with an alert
    }
    assertThatThrownBy(() -> accepted.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            e -> {
              Throwable cause = e;
              while (cause != null && !(cause instanceof UntrustedCertificateException)) {
                cause = cause.getCause();
              }
              assertThat(cause)
                  .as("server refused with an UntrustedCertificateException")
                  .isInstanceOf(UntrustedCertificateException.class);
              assertThat(((UntrustedCertificateException) cause).reason()).isEqualTo(expected);
            });
  }

  /** Accepts one connection, completes the handshake, echoes one byte, returns the peer's id. */
  private CompletableFuture<String> acceptOne() {
    return CompletableFuture.supplyAsync(
        () -> {
          try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(in.read());
            out.flush();
            return ConsortiumTrust.siteId(peer);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private SSLContext clientContext(SiteIdentity client) {
    ConsortiumTrust clientTrust =
        new ConsortiumTrust(authority.rootCertificate(), serial -> false, Clock.systemUTC());
    return MutualTls.context(client, clientTrust);
  }

  private void exchange(SiteIdentity client) throws IOException {
    exchange(clientContext(client));
  }

  private void exchange(SSLContext context) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", server.getLocalPort())) {
      socket.setSoTimeout(10_000);
      socket.setSSLParameters(MutualTls.clientParameters());
      socket.startHandshake();
      socket.getOutputStream().write(42);
      socket.getOutputStream().flush();
      int echoed = socket.getInputStream().read();
      if (echoed != 42) {
        throw new IOException("connection closed by server");
      }
    }
  }

  private static SiteIdentity enroll(ConsortiumAuthority authority, String siteId)
      throws Exception {
    return enrollFor(authority, siteId, Duration.ofDays(365));
  }

  private static SiteIdentity enrollFor(
      ConsortiumAuthority authority, String siteId, Duration validity) throws Exception {
    SiteIdentity identity = SiteIdentity.generate(siteId);
    X509Certificate certificate =
        authority.issueSiteCertificate(identity.certificationRequest(), siteId, validity);
    return identity.withCertificateChain(List.of(certificate, authority.rootCertificate()));
  }

  private static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }
}
