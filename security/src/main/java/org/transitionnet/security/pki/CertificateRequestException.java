package org.transitionnet.security.pki;

/**
 * A PKCS#10 certificate request the authority will not sign (unparsable, bad signature, weak key).
 */
public final class CertificateRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  public CertificateRequestException(String reason) {
    super("certificate request refused: " + reason);
  }

  public CertificateRequestException(String reason, Throwable cause) {
    super("certificate request refused: " + reason, cause);
  }
}
