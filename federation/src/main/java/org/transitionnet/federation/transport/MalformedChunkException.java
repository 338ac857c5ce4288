package org.transitionnet.federation.transport;

/** A parameter chunk that does not fit the vector being assembled (order, offset, size). */
public final class MalformedChunkException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedChunkException(String reason) {
    super(reason);
  }
}
