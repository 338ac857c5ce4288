package org.transitionnet.record;

/** Expected or observed direction of change of a biomarker. */
public enum Direction {
  UP,
  DOWN,
  FLAT
}
