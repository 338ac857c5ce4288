package org.transitionnet.security.envelope;

/**
 * An envelope that cannot be opened: wrong key, tampered ciphertext, or bound to another job,
 * round, sender or receiver. AES-GCM does not say which, and neither does this.
 */
public final class EnvelopeException extends Exception {

  private static final long serialVersionUID = 1L;

  public EnvelopeException(String reason) {
    super(reason);
  }

  public EnvelopeException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
