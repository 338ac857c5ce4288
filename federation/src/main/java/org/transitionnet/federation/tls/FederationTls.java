package org.transitionnet.federation.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
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

  /**
   * Pooled heap buffers for the TLS connections. Netty's default pooled direct buffers make the JDK
   * provider's AES-GCM take its {@code ByteBuffer} path, which in JDK 17 hashes (GHASH) block by
   * block in Java instead of the CLMUL intrinsic: on loopback that path took half of the CPU
   * samples of a federation round (see docs/performance.md, "Federation rounds"). With heap buffers
   * the cipher works on arrays and uses the intrinsics.
   */
  private static final ByteBufAllocator HEAP_BUFFERS = new PooledByteBufAllocator(false);

  private FederationTls() {}

  /**
   * A TLS server whose connections use heap buffers (see {@link #HEAP_BUFFERS}); use for every
   * server built with a context from this class.
   */
  public static NettyServerBuilder withHeapBuffers(NettyServerBuilder server) {
    return server.withChildOption(ChannelOption.ALLOCATOR, HEAP_BUFFERS);
  }

  /** A TLS channel that uses heap buffers (see {@link #HEAP_BUFFERS}). */
  public static NettyChannelBuilder withHeapBuffers(NettyChannelBuilder channel) {
    return channel.withOption(ChannelOption.ALLOCATOR, HEAP_BUFFERS);
  }

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
