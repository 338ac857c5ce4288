package org.transitionnet.security.pki;

import java.security.cert.CertificateException;
import java.util.Objects;

/**
 * A certificate the consortium does not accept, with the reason. It is a {@link
 * CertificateException} so JSSE trust managers can throw it unchanged.
 */
public final class UntrustedCertificateException extends CertificateException {

  private static final long serialVersionUID = 1L;

  /** Why a certificate was refused. */
  public enum Reason {
    /** Not issued by the consortium root (another CA, self-signed, bad signature). */
    UNKNOWN_ISSUER,
    /** Past its notAfter. */
    EXPIRED,
    /** Before its notBefore. */
    NOT_YET_VALID,
    /** Its serial number is on the consortium's revocation list. */
    REVOKED,
    /** Missing the key usage or site name the connection requires. */
    WRONG_USAGE,
    /** No certificate, or one that cannot be parsed. */
    MALFORMED
  }

  private final Reason reason;
  private final String subject;

  public UntrustedCertificateException(Reason reason, String subject, String detail) {
    super("certificate " + subject + " refused: " + reason + " (" + detail + ")");
    this.reason = Objects.requireNonNull(reason);
    this.subject = subject;
  }

  public Reason reason() {
    return reason;
  }

  /** The refused certificate's subject, or a placeholder when there was none. */
  public String subject() {
    return subject;
  }
}
