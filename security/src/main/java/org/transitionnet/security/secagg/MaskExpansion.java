package org.transitionnet.security.secagg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.transitionnet.security.envelope.Hkdf;

/**
 * The PRG that expands a 32-byte seed into an int32 mask as long as the update: AES-256-CTR keyed
 * by HKDF-SHA256(seed, round context, purpose), zero IV (each key is used for one stream),
 * keystream read as little-endian ints. The cipher is fed 64 KiB at a time: on this JDK one {@code
 * doFinal} over megabytes ran 30x slower than chunked updates.
 */
final class MaskExpansion {

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private MaskExpansion() {}

  /** Adds ({@code sign = +1}) or subtracts ({@code -1}) the mask expanded from seed. */
  static void apply(int[] target, byte[] seed, byte[] salt, String purpose, int sign) {
    byte[] key = Hkdf.derive(seed, salt, purpose.getBytes(StandardCharsets.UTF_8), 32);
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      byte[] zeros = new byte[CHUNK_BYTES];
      byte[] stream = new byte[CHUNK_BYTES];
      int perChunk = CHUNK_BYTES / 4;
      for (int offset = 0; offset < target.length; offset += perChunk) {
        int count = Math.min(perChunk, target.length - offset);
        cipher.update(zeros, 0, count * 4, stream, 0);
        if (sign > 0) {
          for (int i = 0; i < count; i++) {
            target[offset + i] += (int) INT_LE.get(stream, i * 4);
          }
        } else {
          for (int i = 0; i < count; i++) {
            target[offset + i] -= (int) INT_LE.get(stream, i * 4);
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR unavailable", e);
    }
  }
}
