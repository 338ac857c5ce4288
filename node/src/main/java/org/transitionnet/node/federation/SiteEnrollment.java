package org.transitionnet.node.federation;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.transitionnet.federation.enrollment.EnrollmentClient;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.security.tls.MutualTls;

/**
 * Gets the site its consortium certificate once: loads the keystore when it holds an enrolled
 * identity, otherwise generates (and keeps) a key, sends the request with the one-time token to the
 * coordinator's enrollment port over TLS pinned to the published root, and stores key, chain and
 * root in the keystore.
 */
final class SiteEnrollment {

  private static final Logger LOG = Logger.getLogger(SiteEnrollment.class.getName());

  private final FederationSettings settings;
  private final OutboundAuditInterceptor audit;

  SiteEnrollment(FederationSettings settings, OutboundAuditInterceptor audit) {
    this.settings = settings;
    this.audit = audit;
  }

  /** The enrolled identity: from the keystore, or by enrolling now. */
  SiteIdentity enrolledIdentity() throws EnrollmentRefusedException {
    SiteIdentity identity = loadOrGenerate();
    if (identity.isEnrolled()) {
      return identity;
    }
    if (settings.enrollmentToken().isEmpty()) {
      throw new EnrollmentRefusedException(
          "not enrolled yet and no federation.enrollment-token is configured");
    }
    if (settings.rootSha256().isEmpty()) {
      throw new EnrollmentRefusedException(
          "federation.root-sha256 (the consortium root's fingerprint) is required to enroll");
    }
    SiteIdentity enrolled = enroll(identity);
    try {
      List<X509Certificate> chain = enrolled.certificateChain();
      X509Certificate root = chain.get(chain.size() - 1);
      if (chain.size() < 2
          || !PinnedRootTrustManager.fingerprint(root).equals(settings.rootSha256())) {
        throw new EnrollmentRefusedException(
            "the coordinator returned a root that does not match federation.root-sha256");
      }
      enrolled.save(settings.keystore(), settings.keystorePassword());
      LOG.info(() -> "enrolled as " + settings.siteId() + "; keystore " + settings.keystore());
      return enrolled;
    } catch (GeneralSecurityException | IOException e) {
      throw new EnrollmentRefusedException("cannot install the certificate chain: " + e, e);
    }
  }

  private SiteIdentity loadOrGenerate() throws EnrollmentRefusedException {
    try {
      if (Files.exists(settings.keystore())) {
        SiteIdentity stored = SiteIdentity.load(settings.keystore(), settings.keystorePassword());
        if (!stored.siteId().equals(settings.siteId())) {
          throw new EnrollmentRefusedException(
              "keystore "
                  + settings.keystore()
                  + " holds site "
                  + stored.siteId()
                  + ", configured federation.site-id is "
                  + settings.siteId());
        }
        return stored;
      }
      SiteIdentity fresh = SiteIdentity.generate(settings.siteId());
      fresh.save(settings.keystore(), settings.keystorePassword());
      return fresh;
    } catch (IOException | GeneralSecurityException e) {
      throw new EnrollmentRefusedException("cannot read or write the keystore: " + e, e);
    }
  }

  private SiteIdentity enroll(SiteIdentity identity) throws EnrollmentRefusedException {
    ManagedChannel channel;
    try {
      channel =
          NettyChannelBuilder.forAddress(settings.coordinatorHost(), settings.enrollmentPort())
              .sslContext(
                  GrpcSslContexts.configure(
                          SslContextBuilder.forClient()
                              .trustManager(new PinnedRootTrustManager(settings.rootSha256()))
                              .protocols(MutualTls.PROTOCOLS),
                          SslProvider.JDK)
                      .build())
              .intercept(audit)
              .build();
    } catch (SSLException e) {
      throw new EnrollmentRefusedException("cannot set up TLS: " + e.getMessage(), e);
    }
    try {
      Channel withDeadline =
          ClientInterceptors.intercept(
              channel,
              new ClientInterceptor() {
                @Override
                public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                  return next.newCall(method, options.withDeadlineAfter(60, TimeUnit.SECONDS));
                }
              });
      return EnrollmentClient.enroll(withDeadline, identity, settings.enrollmentToken());
    } catch (StatusRuntimeException e) {
      throw new EnrollmentRefusedException(
          "the coordinator refused enrollment: " + e.getStatus(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EnrollmentRefusedException("the coordinator's answer is unusable: " + e, e);
    } finally {
      channel.shutdownNow();
    }
  }
}
