package org.transitionnet.security.pki;

import java.util.Objects;

/** An enrollment token that cannot be redeemed, with the reason. */
public final class EnrollmentException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a token was refused. */
  public enum Reason {
    /** No token with this value was ever issued (or it was mistyped). */
    UNKNOWN_TOKEN,
    /** The token was issued but its expiry has passed. */
    EXPIRED,
    /** The token was already redeemed once. */
    ALREADY_REDEEMED
  }

  private final Reason reason;

  public EnrollmentException(Reason reason, String detail) {
    super("enrollment token refused: " + reason + " (" + detail + ")");
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
