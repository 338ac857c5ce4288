package org.transitionnet.federation.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLException;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.security.tls.MutualTls;

/**
 * The TLS contexts of the federation endpoints. All use the JDK provider with the consortium trust
 * manager, so the root is the only anchor and revocations apply at the next handshake; sessions are
 * not resumed (the trust manager runs on every connection).
 */
public final class FederationTls {

  private FederationTls() {}

  /** The coordinator's federation port: TLS 1.3, client certificate required. */
  public static SslContext coordinatorServer(SiteIdentity endpoint, ConsortiumTrust trust)
      throws SSLException {
    return GrpcSslContexts.configure(
            SslContextBuilder.forServer(MutualTls.keyManagerFactory(endpoint)), SslProvider.JDK)
        .trustManager(MutualTls.trustManagerFactory(trust))
        .clientAuth(ClientAuth.REQUIRE)
        .protocols(MutualTls.PROTOCOLS)
        .sessionCacheSize(1)
        .sessionTimeout(MutualTls.NO_TICKETS_SESSION_TIMEOUT_SECONDS)
        .build();
  }

  /** The coordinator's enrollment port: TLS 1.3, server authenticated only. */
  public static SslContext enrollmentServer(SiteIdentity endpoint) throws SSLException {
    return GrpcSslContexts.configure(
            SslContextBuilder.forServer(MutualTls.keyManagerFactory(endpoint)), SslProvider.JDK)
        .clientAuth(ClientAuth.NONE)
        .protocols(MutualTls.PROTOCOLS)
        .build();
  }

  /** A site's channel to the federation port: presents its certificate, trusts the root only. */
  public static SslContext site(SiteIdentity site, ConsortiumTrust trust) throws SSLException {
    return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
        .keyManager(MutualTls.keyManagerFactory(site))
        .trustManager(MutualTls.trustManagerFactory(trust))
        .protocols(MutualTls.PROTOCOLS)
        .sessionCacheSize(1)
        .build();
  }

  /** A not-yet-enrolled site's channel to the enrollment port: trusts the consortium root. */
  public static SslContext enrollingSite(X509Certificate consortiumRoot) throws SSLException {
    ConsortiumTrust trust =
        new ConsortiumTrust(consortiumRoot, RevocationList.none(), Clock.systemUTC());
    return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
        .trustManager(MutualTls.trustManagerFactory(trust))
        .protocols(MutualTls.PROTOCOLS)
        .build();
  }
}
