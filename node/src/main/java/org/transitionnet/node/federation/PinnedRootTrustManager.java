package org.transitionnet.node.federation;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.X509TrustManager;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.UntrustedCertificateException;

/**
 * Trusts the coordinator's enrollment endpoint before the site holds the consortium root: the
 * server must send a chain that contains a root whose SHA-256 the operator published, and its leaf
 * must be a server certificate signed by that root.
 */
final class PinnedRootTrustManager implements X509TrustManager {

  private final String rootSha256;

  PinnedRootTrustManager(String rootSha256) {
    this.rootSha256 = rootSha256;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.MALFORMED, "(none)", "no server certificate");
    }
    X509Certificate root = null;
    for (X509Certificate certificate : chain) {
      if (fingerprint(certificate).equals(rootSha256)) {
        root = certificate;
      }
    }
    if (root == null) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.UNKNOWN_ISSUER,
          chain[0].getSubjectX500Principal().getName(),
          "the server's chain holds no root with the pinned SHA-256 " + rootSha256);
    }
    new ConsortiumTrust(root, RevocationList.none(), Clock.systemUTC()).verifyServer(chain[0]);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a site never accepts client connections");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
    return OutboundAuditLog.sha256Hex(certificate.getEncoded());
  }
}
