package org.transitionnet.federation.store;

/** A round was committed twice, or out of order; the store refused the second write. */
public final class DuplicateRoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DuplicateRoundException(String jobId, int round, String reason) {
    super("round " + round + " of job " + jobId + " refused: " + reason);
  }
}
