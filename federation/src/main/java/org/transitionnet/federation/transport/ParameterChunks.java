package org.transitionnet.federation.transport;

import org.transitionnet.federation.FederationLimits;
import org.transitionnet.proto.v1.ParameterChunk;
import org.transitionnet.proto.v1.RoundRef;

/** Splits a flat parameter vector into chunk messages of at most 1 MiB. */
public final class ParameterChunks {

  private ParameterChunks() {}

  /** Number of chunks for a vector of {@code length} values (at least one). */
  public static int count(int length) {
    return Math.max(
        1, (length + FederationLimits.MAX_CHUNK_VALUES - 1) / FederationLimits.MAX_CHUNK_VALUES);
  }

  /** The {@code index}-th chunk of {@code values}. */
  public static ParameterChunk chunk(RoundRef ref, double[] values, int index) {
    int count = count(values.length);
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + count);
    }
    int from = index * FederationLimits.MAX_CHUNK_VALUES;
    int to = Math.min(values.length, from + FederationLimits.MAX_CHUNK_VALUES);
    ParameterChunk.Builder builder =
        ParameterChunk.newBuilder().setRef(ref).setOffset(from).setIndex(index).setCount(count);
    for (int i = from; i < to; i++) {
      builder.addValues(values[i]);
    }
    return builder.build();
  }

  /** Copies a chunk's values out of the message. */
  public static double[] values(ParameterChunk chunk) {
    double[] out = new double[chunk.getValuesCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = chunk.getValues(i);
    }
    return out;
  }
}
