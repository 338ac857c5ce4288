package org.transitionnet.mapping;

/** Which pairs of a subject's time points become transitions. */
public enum Pairing {
  /** Each time point with the next one: n time points give n - 1 transitions. */
  CONSECUTIVE,
  /** The first time point with every later one: n time points give n - 1 transitions. */
  BASELINE
}
