package org.transitionnet.federation;

/** Size limits of the federation protocol that both roles rely on. */
public final class FederationLimits {

  /** No protocol message may exceed this many serialized bytes (1 MiB). */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /**
   * Parameter values per chunk: 8 bytes each, leaving 4 KiB of the 1 MiB for the chunk's header
   * (round reference, offsets, field tags) and the enclosing envelope.
   */
  public static final int MAX_CHUNK_VALUES = (MAX_MESSAGE_BYTES - 4096) / Double.BYTES;

  private FederationLimits() {}
}
