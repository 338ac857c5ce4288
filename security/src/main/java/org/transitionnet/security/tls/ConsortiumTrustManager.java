package org.transitionnet.security.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.UntrustedCertificateException;

/**
 * A JSSE trust manager whose only trust anchor is the consortium root. As a server it accepts a
 * client only with a valid, unrevoked consortium site certificate; as a client it accepts a server
 * only with a consortium server certificate and, when the connection asks for endpoint
 * identification ("HTTPS", as gRPC does), a subject alternative name equal to the dialled host.
 *
 * <p>Revocation is asked of the live {@link org.transitionnet.security.pki.RevocationList} behind
 * the {@link ConsortiumTrust} on every handshake. Refusals are {@link
 * UntrustedCertificateException}s carrying the reason.
 */
public final class ConsortiumTrustManager extends X509ExtendedTrustManager {

  private final ConsortiumTrust trust;

  public ConsortiumTrustManager(ConsortiumTrust trust) {
    this.trust = Objects.requireNonNull(trust, "trust");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    trust.verifySite(leaf(chain));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    trust.verifyServer(leaf(chain));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
    if (socket instanceof SSLSocket ssl) {
      checkHost(leaf(chain), ssl.getSSLParameters(), ssl.getHandshakeSession().getPeerHost());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
    if (engine != null) {
      checkHost(leaf(chain), engine.getSSLParameters(), engine.getPeerHost());
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {trust.root()};
  }

  private static X509Certificate leaf(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.MALFORMED, "(none)", "no certificate presented");
    }
    return chain[0];
  }

  private static void checkHost(X509Certificate leaf, SSLParameters parameters, String host)
      throws CertificateException {
    String algorithm = parameters == null ? null : parameters.getEndpointIdentificationAlgorithm();
    if (algorithm == null || algorithm.isEmpty()) {
      return;
    }
    if (host == null || !namesHost(leaf, host)) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.WRONG_USAGE,
          leaf.getSubjectX500Principal().getName(),
          "no subject alternative name matches host " + host);
    }
  }

  /** Exact match against dNSName / iPAddress SANs; the consortium never issues wildcards. */
  static boolean namesHost(X509Certificate certificate, String host) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (names == null) {
      return false;
    }
    String wanted = host.toLowerCase(Locale.ROOT);
    for (List<?> name : names) {
      int type = (Integer) name.get(0);
      String value = String.valueOf(name.get(1)).toLowerCase(Locale.ROOT);
      if (type == 2 && value.equals(wanted)) {
        return true;
      }
      if (type == 7 && sameAddress(value, wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(String a, String b) {
    if (!(b.matches("[0-9.]+") || b.contains(":"))) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
