package org.transitionnet.security.envelope;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An AES-GCM ciphertext with its 96-bit nonce; the 128-bit tag is the ciphertext's last 16 bytes.
 */
public record Envelope(byte[] nonce, byte[] ciphertext) {

  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  public Envelope {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be 12 bytes, was " + nonce.length);
    }
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** nonce || ciphertext, for transport. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array();
  }

  /** Parses {@link #toBytes()} output. */
  public static Envelope fromBytes(byte[] bytes) throws EnvelopeException {
    if (bytes == null || bytes.length < NONCE_BYTES + TAG_BYTES) {
      throw new EnvelopeException("envelope shorter than nonce and tag");
    }
    return new Envelope(
        Arrays.copyOfRange(bytes, 0, NONCE_BYTES),
        Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Envelope e
        && Arrays.equals(nonce, e.nonce)
        && Arrays.equals(ciphertext, e.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "Envelope[" + ciphertext.length + " bytes]";
  }
}
