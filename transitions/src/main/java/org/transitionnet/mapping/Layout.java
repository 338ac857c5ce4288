package org.transitionnet.mapping;

/** How a CSV holds repeated measurements. */
public enum Layout {
  /** One row per subject visit; a time column orders the visits. */
  LONG,
  /** One row per subject; one column per time point of a variable ({@code series}). */
  WIDE
}
