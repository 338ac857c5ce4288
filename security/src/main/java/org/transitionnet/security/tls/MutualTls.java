package org.transitionnet.security.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedKeyManager;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.security.pki.UntrustedCertificateException;

/**
 * Factories for mutual TLS 1.3 between sites and the coordinator: the consortium root is the only
 * trust anchor, the peer must present a consortium certificate, revoked and expired certificates
 * are refused at handshake time.
 *
 * <p>For Netty / gRPC: {@code GrpcSslContexts.configure(SslContextBuilder.forServer(
 * keyManagerFactory(identity)).trustManager(trustManagerFactory(trust)).clientAuth(REQUIRE)
 * .protocols(PROTOCOLS))}, and {@code SslContextBuilder.forClient().keyManager(...)} on the node
 * side. For plain JSSE: {@link #context} plus {@link #serverParameters()} or {@link
 * #clientParameters()}.
 *
 * <p>TLS session resumption is switched off on contexts built here: a resumed TLS 1.3 session skips
 * the trust manager, so a client revoked after its first handshake could otherwise resume (the
 * handshake test demonstrates it). The JDK issues no session tickets when the server session
 * timeout exceeds the TLS 1.3 ticket lifetime limit of 7 days, which {@link #disableResumption}
 * uses. Because other TLS stacks (Netty with BoringSSL) have their own ticket logic, servers should
 * also re-check the peer on each call with {@link #authenticatedSite}, which is cheap.
 */
public final class MutualTls {

  /** The only protocol version offered or accepted. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3");

  /**
   * A server session timeout above the 7-day TLS 1.3 ticket lifetime limit (RFC 8446 4.6.1), at
   * which the JDK stops issuing session tickets; pass it to Netty's {@code
   * SslContextBuilder.sessionTimeout} too.
   */
  public static final int NO_TICKETS_SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;

  private MutualTls() {}

  /**
   * A key manager factory that always presents the identity's key and chain (no filtering by the
   * issuers the peer lists or by validity: the peer's trust manager decides, and says why).
   */
  public static KeyManagerFactory keyManagerFactory(SiteIdentity identity) {
    return new FixedKeyManagerFactory(keyManager(identity));
  }

  /** The key manager behind {@link #keyManagerFactory}. */
  public static X509ExtendedKeyManager keyManager(SiteIdentity identity) {
    char[] password = ephemeralPassword();
    KeyStore keyStore = identity.toKeyStore(password);
    try {
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(keyStore, password);
      return new SingleIdentityKeyManager(
          (X509ExtendedKeyManager) factory.getKeyManagers()[0], SiteIdentity.ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build key manager", e);
    }
  }

  /** The consortium trust manager for either side of a connection. */
  public static ConsortiumTrustManager trustManager(ConsortiumTrust trust) {
    return new ConsortiumTrustManager(trust);
  }

  /**
   * A {@link TrustManagerFactory} whose only trust manager is {@link #trustManager}; for APIs that
   * take a factory (Netty's {@code SslContextBuilder.trustManager(TrustManagerFactory)}).
   */
  public static TrustManagerFactory trustManagerFactory(ConsortiumTrust trust) {
    ConsortiumTrustManager manager = trustManager(trust);
    return new FixedTrustManagerFactory(manager);
  }

  /** A TLS 1.3 context with the identity's key and the consortium trust manager. */
  public static SSLContext context(SiteIdentity identity, ConsortiumTrust trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(
          new KeyManager[] {keyManager(identity)},
          new TrustManager[] {trustManager(trust)},
          new SecureRandom());
      disableResumption(context);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build TLS context", e);
    }
  }

  /**
   * Makes a context forget sessions so every connection runs a full handshake and the trust manager
   * (and so the revocation list) is consulted each time.
   */
  public static void disableResumption(SSLContext context) {
    context.getServerSessionContext().setSessionCacheSize(1);
    context.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
    context.getClientSessionContext().setSessionCacheSize(1);
  }

  /**
   * The site id of a connection's peer, re-checked now against the consortium trust (validity,
   * revocation). Call it per request on servers: a session established before a revocation stays
   * open until closed, and resumption rules differ between TLS stacks.
   *
   * @throws UntrustedCertificateException if the peer presented no acceptable site certificate
   */
  public static String authenticatedSite(SSLSession session, ConsortiumTrust trust)
      throws UntrustedCertificateException {
    Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.MALFORMED, "(none)", "peer not authenticated");
    }
    if (peer.length == 0 || !(peer[0] instanceof X509Certificate leaf)) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.MALFORMED, "(none)", "no X.509 peer certificate");
    }
    return trust.verifySite(leaf);
  }

  /** Server parameters: TLS 1.3 only, client certificate required. */
  public static SSLParameters serverParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setNeedClientAuth(true);
    return parameters;
  }

  /** Client parameters: TLS 1.3 only, the server's SAN must match the dialled host. */
  public static SSLParameters clientParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }

  private static char[] ephemeralPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }

  private static final class FixedKeyManagerFactory extends KeyManagerFactory {
    FixedKeyManagerFactory(KeyManager manager) {
      super(new FixedKeySpi(manager), new NamedProvider(), "TransitionNetSite");
    }
  }

  private static final class FixedKeySpi extends KeyManagerFactorySpi {
    private final KeyManager manager;

    FixedKeySpi(KeyManager manager) {
      this.manager = manager;
    }

    @Override
    protected void engineInit(KeyStore keyStore, char[] password) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected KeyManager[] engineGetKeyManagers() {
      return new KeyManager[] {manager};
    }
  }

  private static final class FixedTrustManagerFactory extends TrustManagerFactory {
    FixedTrustManagerFactory(TrustManager manager) {
      super(new FixedSpi(manager), new NamedProvider(), "TransitionNetConsortium");
    }
  }

  private static final class FixedSpi extends TrustManagerFactorySpi {
    private final TrustManager manager;

    FixedSpi(TrustManager manager) {
      this.manager = manager;
    }

    @Override
    protected void engineInit(KeyStore keyStore) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return new TrustManager[] {manager};
    }
  }

  private static final class NamedProvider extends Provider {
    private static final long serialVersionUID = 1L;

    NamedProvider() {
      super("TransitionNetConsortium", "1.0", "consortium trust manager");
    }
  }
}
