package org.transitionnet.security.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What it means for the consortium to trust a certificate: signed by the consortium root (the only
 * trust anchor), an end-entity certificate, valid now, not revoked, and issued for the purpose at
 * hand. Used by the TLS trust managers and by secure aggregation to check the certificates that
 * sign round keys.
 *
 * <p>The consortium's hierarchy has one level (root signs sites), so checking the leaf's signature
 * against the root is the whole path validation.
 */
public final class ConsortiumTrust {

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /**
   * Certificates whose root signature has been checked (X509Certificate equality is over the DER
   * bytes). Only the signature is remembered; validity and revocation are checked every time.
   * Secure aggregation checks every site's certificate at every site each round, and ECDSA P-256
   * verification in the JDK costs milliseconds.
   */
  private static final int SIGNATURE_CACHE_SIZE = 4096;

  private final Map<X509Certificate, Boolean> signedByRoot = new ConcurrentHashMap<>();
  private final X509Certificate root;
  private final RevocationList revocations;
  private final Clock clock;

  /**
   * @param root the consortium root certificate
   * @param revocations consulted on every check, so revocations apply at once
   * @param clock now, for validity periods
   */
  public ConsortiumTrust(X509Certificate root, RevocationList revocations, Clock clock) {
    this.root = Objects.requireNonNull(root, "root");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public X509Certificate root() {
    return root;
  }

  /**
   * Checks a site's certificate and returns the site id it names.
   *
   * @throws UntrustedCertificateException with the reason it is refused
   */
  public String verifySite(X509Certificate certificate) throws UntrustedCertificateException {
    verify(certificate, CLIENT_AUTH);
    return siteId(certificate);
  }

  /** Checks the coordinator's TLS server certificate. */
  public void verifyServer(X509Certificate certificate) throws UntrustedCertificateException {
    verify(certificate, SERVER_AUTH);
  }

  /**
   * Checks that {@code signature} over {@code message} was made with the key of a trusted site
   * certificate that names {@code expectedSiteId}.
   */
  public void verifySiteSignature(
      X509Certificate certificate, String expectedSiteId, byte[] message, byte[] signature)
      throws UntrustedCertificateException {
    String siteId = verifySite(certificate);
    if (!siteId.equals(expectedSiteId)) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.WRONG_USAGE,
          subject(certificate),
          "certificate names site " + siteId + ", message claims " + expectedSiteId);
    }
    if (!KeyAlgorithms.verify(certificate.getPublicKey(), message, signature)) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.WRONG_USAGE,
          subject(certificate),
          "signature does not verify with the certificate's key");
    }
  }

  private void verify(X509Certificate certificate, String purpose)
      throws UntrustedCertificateException {
    if (certificate == null) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.MALFORMED, "(none)", "no certificate presented");
    }
    String subject = subject(certificate);
    if (!certificate.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.UNKNOWN_ISSUER,
          subject,
          "issuer " + certificate.getIssuerX500Principal().getName());
    }
    if (!signedByRoot.containsKey(certificate)) {
      try {
        certificate.verify(root.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new UntrustedCertificateException(
            UntrustedCertificateException.Reason.UNKNOWN_ISSUER,
            subject,
            "not signed by the consortium root");
      }
      if (signedByRoot.size() >= SIGNATURE_CACHE_SIZE) {
        signedByRoot.clear();
      }
      signedByRoot.put(certificate, Boolean.TRUE);
    }
    if (certificate.getBasicConstraints() != -1
        || certificate.getSerialNumber().equals(root.getSerialNumber())) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.WRONG_USAGE,
          subject,
          "a CA certificate cannot identify a site or server");
    }
    Instant now = clock.instant();
    if (now.isAfter(certificate.getNotAfter().toInstant())) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.EXPIRED,
          subject,
          "expired "
              + certificate.getNotAfter().toInstant()
              + " (this machine's clock reads "
              + now
              + ")");
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.NOT_YET_VALID,
          subject,
          "valid from "
              + certificate.getNotBefore().toInstant()
              + ", but this machine's clock reads "
              + now
              + ": check its time synchronisation (NTP)");
    }
    if (revocations.isRevoked(certificate.getSerialNumber())) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.REVOKED,
          subject,
          "serial " + certificate.getSerialNumber().toString(16));
    }
    List<String> usages;
    try {
      usages = certificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      usages = null;
    }
    if (usages == null || !usages.contains(purpose)) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.WRONG_USAGE,
          subject,
          "extended key usage lacks "
              + (purpose.equals(CLIENT_AUTH) ? "clientAuth" : "serverAuth"));
    }
  }

  /** The subject CN of a consortium certificate: the site id (or server name). */
  public static String siteId(X509Certificate certificate) throws UntrustedCertificateException {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] cns = name.getRDNs(BCStyle.CN);
    if (cns.length != 1) {
      throw new UntrustedCertificateException(
          UntrustedCertificateException.Reason.MALFORMED,
          subject(certificate),
          "expected exactly one CN");
    }
    return IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }
}
