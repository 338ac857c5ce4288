package org.transitionnet.metrics;

/** The arm of a randomized comparison a test record belongs to. */
public enum Arm {
  TREATED,
  CONTROL,
  /** Neither arm (e.g. a third action); the record counts for every metric except the effect. */
  OTHER
}
