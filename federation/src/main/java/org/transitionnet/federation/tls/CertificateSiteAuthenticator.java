package org.transitionnet.federation.tls;

import io.grpc.Status;
import io.grpc.StatusException;
import javax.net.ssl.SSLSession;
import org.transitionnet.federation.transport.PeerCertificates;
import org.transitionnet.federation.transport.SiteAuthenticator;
import org.transitionnet.proto.v1.SiteHello;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.UntrustedCertificateException;
import org.transitionnet.security.tls.MutualTls;

/**
 * Takes a stream's site id from its mutual-TLS client certificate, re-checked against the
 * consortium trust when the stream opens (so a certificate revoked after the handshake is still
 * refused), and refuses a hello that names another site. Needs {@link PeerCertificates} on the
 * service.
 */
public final class CertificateSiteAuthenticator implements SiteAuthenticator {

  private final ConsortiumTrust trust;

  public CertificateSiteAuthenticator(ConsortiumTrust trust) {
    this.trust = trust;
  }

  @Override
  public String authenticate(SiteHello hello) throws StatusException {
    SSLSession session =
        PeerCertificates.currentSession()
            .orElseThrow(
                () ->
                    Status.UNAUTHENTICATED
                        .withDescription("federation calls need mutual TLS")
                        .asException());
    String siteId;
    try {
      siteId = MutualTls.authenticatedSite(session, trust);
    } catch (UntrustedCertificateException e) {
      throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asException();
    }
    if (!siteId.equals(hello.getSiteId())) {
      throw Status.PERMISSION_DENIED
          .withDescription(
              "certificate is for site " + siteId + ", hello names " + hello.getSiteId())
          .asException();
    }
    return siteId;
  }
}
