package org.transitionnet.federation.coordinator;

import org.transitionnet.federation.job.RoundId;
import org.transitionnet.proto.v1.RoundRefusal;

/**
 * A site's message for a round was refused (closed, unknown, not a participant, malformed,
 * duplicate). Nothing of it entered the aggregate; the site is told with a RoundRefusal.
 */
public final class RoundRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final RoundId round;
  private final RoundRefusal.Reason reason;

  public RoundRefusedException(RoundId round, RoundRefusal.Reason reason, String detail) {
    super("round " + round + " refused (" + reason + "): " + detail);
    this.round = round;
    this.reason = reason;
  }

  public RoundId round() {
    return round;
  }

  public RoundRefusal.Reason reason() {
    return reason;
  }
}
