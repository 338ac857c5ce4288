package org.transitionnet.security.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * What the authority remembers about a certificate it signed.
 *
 * @param serialNumber the certificate's serial number, unique within the consortium
 * @param subjectName the site id (or server name) in the subject CN
 * @param notAfter end of validity
 * @param revokedAt when it was revoked, or {@code null} while it is valid
 */
public record IssuedCertificate(
    BigInteger serialNumber, String subjectName, Instant notAfter, Instant revokedAt) {

  public IssuedCertificate {
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(subjectName, "subjectName");
    Objects.requireNonNull(notAfter, "notAfter");
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  IssuedCertificate revokedAt(Instant when) {
    return new IssuedCertificate(serialNumber, subjectName, notAfter, when);
  }
}
