package org.transitionnet.whatif;

/**
 * A what-if question the model must not answer: a state far outside its training data, a variable
 * the task does not know, or a value of the wrong kind. Names the field and the reason.
 */
public final class WhatIfRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  public WhatIfRefusedException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The variable (or {@code state} for the joint distance) that caused the refusal. */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
