package org.transitionnet.federation.store;

/** Life cycle of a job on the coordinator. */
public enum JobStatus {
  SUBMITTED,
  RUNNING,
  COMPLETED,
  /** Stopped by a failure (too few sites, store error); resumable. */
  FAILED
}
