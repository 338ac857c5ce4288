package org.transitionnet.federation.evaluation;

/** A site could not run an evaluation task; the message says why (sent back as the failure). */
public final class EvaluationException extends Exception {

  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }

  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
