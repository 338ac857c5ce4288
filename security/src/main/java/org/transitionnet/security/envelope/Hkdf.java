package org.transitionnet.security.envelope;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): turns a shared secret into independent keys per purpose. */
public final class Hkdf {

  private static final int HASH_BYTES = 32;

  private Hkdf() {}

  /**
   * Extract-then-expand.
   *
   * @param inputKeyMaterial the secret (a key agreement output, a seed)
   * @param salt public randomness or context; empty means a zero block
   * @param info what the output is for, so outputs for different purposes are independent
   * @param length output bytes, at most 255 * 32
   */
  public static byte[] derive(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
    if (length <= 0 || length > 255 * HASH_BYTES) {
      throw new IllegalArgumentException("HKDF output length out of range: " + length);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] realSalt = salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt;
      mac.init(new SecretKeySpec(realSalt, "HmacSHA256"));
      byte[] prk = mac.doFinal(inputKeyMaterial);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] block = new byte[0];
      int offset = 0;
      for (int counter = 1; offset < length; counter++) {
        mac.update(block);
        mac.update(info);
        mac.update((byte) counter);
        block = mac.doFinal();
        int n = Math.min(block.length, length - offset);
        System.arraycopy(block, 0, out, offset, n);
        offset += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
