package org.transitionnet.security.secagg;

import java.util.Objects;

/**
 * A secure aggregation message refused or a round that cannot complete safely. The round fails
 * closed: no aggregate is released after any of these.
 */
public final class SecAggException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The message belongs to another job or round (replay). */
    WRONG_ROUND,
    /** The message's site is not the authenticated sender, or its signature does not verify. */
    IMPERSONATION,
    /** The sender is not (or no longer) a participant of this phase. */
    NOT_A_PARTICIPANT,
    /** A second message of the same kind from the same site. */
    DUPLICATE,
    /** The message is malformed (lengths, keys, unknown receivers). */
    MALFORMED,
    /** A message for a phase the round is not in. */
    OUT_OF_ORDER,
    /** Fewer sites (or shares) than the threshold: nothing is revealed. */
    TOO_FEW_SURVIVORS,
    /** Reconstructed secrets do not match what their owners committed to. */
    INCONSISTENT
  }

  private final Reason reason;
  private final String siteId;

  public SecAggException(Reason reason, String siteId, String detail) {
    super(reason + (siteId == null ? "" : " from " + siteId) + ": " + detail);
    this.reason = Objects.requireNonNull(reason);
    this.siteId = siteId;
  }

  public Reason reason() {
    return reason;
  }

  /** The site the refused message came from or concerned, or null for round-level failures. */
  public String siteId() {
    return siteId;
  }
}
