package org.transitionnet.coordinator.persistence;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of per-job numbered rows: rounds and model versions. */
public class JobVersionKey implements Serializable {

  private static final long serialVersionUID = 1L;

  private String jobId;
  private int number;

  public JobVersionKey() {}

  public JobVersionKey(String jobId, int number) {
    this.jobId = jobId;
    this.number = number;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobVersionKey key
        && key.number == number
        && Objects.equals(key.jobId, jobId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, number);
  }
}
