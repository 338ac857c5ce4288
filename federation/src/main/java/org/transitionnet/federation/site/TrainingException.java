package org.transitionnet.federation.site;

/** Local training could not run; the reason is sent to the coordinator as a task failure. */
public final class TrainingException extends Exception {

  private static final long serialVersionUID = 1L;

  public TrainingException(String reason) {
    super(reason);
  }

  public TrainingException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
