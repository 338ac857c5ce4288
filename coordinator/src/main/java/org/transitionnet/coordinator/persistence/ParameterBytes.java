package org.transitionnet.coordinator.persistence;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A flat parameter vector as the bytes of a database column: little-endian IEEE 754 doubles. */
final class ParameterBytes {

  private ParameterBytes() {}

  static byte[] encode(double[] values) {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asDoubleBuffer().put(values);
    return buffer.array();
  }

  static double[] decode(byte[] bytes) {
    if (bytes == null) {
      return new double[0];
    }
    if (bytes.length % Double.BYTES != 0) {
      throw new IllegalStateException(
          "stored vector has " + bytes.length + " bytes, not a multiple of 8");
    }
    double[] values = new double[bytes.length / Double.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }
}
