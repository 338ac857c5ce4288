package org.transitionnet.security.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A revocation list fed with CRLs signed by the consortium root, for processes that do not hold the
 * authority (nodes, a second coordinator replica). {@link #update} accepts only a CRL signed by the
 * root with a CRL number no lower than the current one, so an old CRL cannot be replayed to
 * un-revoke a site.
 *
 * <p>Thread-safe: lookups read one volatile reference.
 */
public final class CrlRevocationList implements RevocationList {

  private final X509Certificate root;
  private volatile X509CRL current;
  private volatile BigInteger currentNumber = BigInteger.valueOf(-1);

  public CrlRevocationList(X509Certificate root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /**
   * Replaces the current CRL.
   *
   * @throws CRLException if the CRL is not signed by the root or is older than the current one
   */
  public synchronized void update(X509CRL crl) throws CRLException {
    if (!crl.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
      throw new CRLException("CRL not issued by the consortium root");
    }
    try {
      crl.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CRLException("CRL signature does not verify with the consortium root", e);
    }
    BigInteger number = crlNumber(crl);
    if (number.compareTo(currentNumber) < 0) {
      throw new CRLException("CRL number " + number + " is older than current " + currentNumber);
    }
    current = crl;
    currentNumber = number;
  }

  @Override
  public boolean isRevoked(BigInteger serialNumber) {
    X509CRL crl = current;
    return crl != null && crl.getRevokedCertificate(serialNumber) != null;
  }

  private static BigInteger crlNumber(X509CRL crl) throws CRLException {
    byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
    if (extension == null) {
      throw new CRLException("CRL has no CRL number");
    }
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
  }
}
