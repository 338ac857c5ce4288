package org.transitionnet.federation.transport;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Carries the verified client certificate of a mutual-TLS call into the call's context, where the
 * service and its {@link SiteAuthenticator} read it.
 */
public final class PeerCertificates implements ServerInterceptor {

  private static final Context.Key<X509Certificate> PEER = Context.key("transitionnet-peer");
  private static final Context.Key<SSLSession> SESSION = Context.key("transitionnet-tls");

  /** The current call's client certificate, when the call came over mutual TLS. */
  public static Optional<X509Certificate> current() {
    return Optional.ofNullable(PEER.get());
  }

  /** The current call's TLS session, when the call came over TLS. */
  public static Optional<SSLSession> currentSession() {
    return Optional.ofNullable(SESSION.get());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    X509Certificate peer = null;
    if (session != null) {
      try {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
          peer = x509;
        }
      } catch (SSLPeerUnverifiedException e) {
        peer = null;
      }
    }
    return Contexts.interceptCall(
        Context.current().withValues(PEER, peer, SESSION, session), call, headers, next);
  }
}
