package org.transitionnet.validation;

/** Where a declared variable appears in a transition record. */
public enum VariableRole {
  /** In the baseline and the follow-up state; may change over time. */
  STATE,
  /** A static covariate of the subject (age, sex, ...). */
  CONTEXT
}
