package org.transitionnet.security.secagg;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a round: the sum in Z_2^32 of the quantized updates of exactly the listed
 * contributors (decode with {@link FixedPoint#decodeSum}).
 */
public record AggregateResult(String jobId, long round, List<String> contributors, int[] sum) {

  public AggregateResult {
    Objects.requireNonNull(jobId, "jobId");
    contributors = List.copyOf(contributors);
    Objects.requireNonNull(sum, "sum");
  }
}
