package org.transitionnet.node.ingest;

/** What became of an import request as a whole. */
public enum ImportOutcome {
  /** Every record made was valid; the new ones are stored. */
  STORED,
  /** Some rows were rejected; the valid new records are stored. */
  STORED_WITH_REJECTIONS,
  /** All-or-nothing mode and a row was rejected: nothing is stored. */
  REFUSED
}
