package org.transitionnet.task;

/** How an input variable is encoded. */
public enum VariableKind {
  /** A number: transformed, standardized, with a missing-value indicator. */
  NUMERIC,
  /** A flag: 0/1, with a missing-value indicator. */
  BINARY,
  /** A category: one-hot over its levels, with a missing-value indicator. */
  CATEGORICAL
}
