package org.transitionnet.federation.transport;

import org.transitionnet.proto.v1.ParameterChunk;

/** Reassembles a parameter vector from its chunks, which must arrive in order. */
public final class ChunkAssembler {

  private final double[] values;
  private final int chunkCount;
  private int nextIndex;
  private int nextOffset;

  public ChunkAssembler(int parameterCount, int chunkCount) {
    if (parameterCount < 0 || chunkCount < 1) {
      throw new IllegalArgumentException("need parameterCount >= 0 and chunkCount >= 1");
    }
    this.values = new double[parameterCount];
    this.chunkCount = chunkCount;
  }

  /**
   * Adds the next chunk.
   *
   * @throws MalformedChunkException when the chunk is out of order, overlaps or overflows
   */
  public void add(ParameterChunk chunk) throws MalformedChunkException {
    if (isComplete()) {
      throw new MalformedChunkException("chunk " + chunk.getIndex() + " after the last one");
    }
    if (chunk.getIndex() != nextIndex || chunk.getCount() != chunkCount) {
      throw new MalformedChunkException(
          "expected chunk "
              + nextIndex
              + " of "
              + chunkCount
              + ", got "
              + chunk.getIndex()
              + " of "
              + chunk.getCount());
    }
    if (chunk.getOffset() != nextOffset || chunk.getValuesCount() > values.length - nextOffset) {
      throw new MalformedChunkException(
          "chunk "
              + chunk.getIndex()
              + " at offset "
              + chunk.getOffset()
              + " with "
              + chunk.getValuesCount()
              + " values does not continue at "
              + nextOffset
              + " of "
              + values.length);
    }
    boolean last = nextIndex + 1 == chunkCount;
    if (last && nextOffset + chunk.getValuesCount() != values.length) {
      // refused before it is counted: the assembler stays incomplete and never hands out a short
      // vector padded with zeros (found by ProtobufFuzzTest)
      throw new MalformedChunkException(
          "chunks ended at "
              + (nextOffset + chunk.getValuesCount())
              + " of "
              + values.length
              + " values");
    }
    for (int i = 0; i < chunk.getValuesCount(); i++) {
      values[nextOffset + i] = chunk.getValues(i);
    }
    nextOffset += chunk.getValuesCount();
    nextIndex++;
  }

  public boolean isComplete() {
    return nextIndex == chunkCount;
  }

  /** The assembled vector. */
  public double[] values() {
    if (!isComplete()) {
      throw new IllegalStateException("only " + nextIndex + " of " + chunkCount + " chunks");
    }
    return values;
  }
}
