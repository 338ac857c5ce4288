package org.transitionnet.node.federation;

/** The node could not enroll: what was missing or what the coordinator said. */
public final class EnrollmentRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  public EnrollmentRefusedException(String reason) {
    super(reason);
  }

  public EnrollmentRefusedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
