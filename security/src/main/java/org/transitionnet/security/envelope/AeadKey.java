package org.transitionnet.security.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A handle on an AES-256-GCM key: callers seal and open envelopes through it and never see the key
 * bytes. Each seal draws a fresh random 96-bit nonce, so one key should seal well under 2^32
 * messages (per NIST SP 800-38D); the keys used here are per round and per pair of sites.
 */
public final class AeadKey {

  private static final int KEY_BYTES = 32;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random;

  private AeadKey(byte[] keyBytes, SecureRandom random) {
    this.key = new SecretKeySpec(keyBytes, "AES");
    Arrays.fill(keyBytes, (byte) 0);
    this.random = random;
  }

  /** A fresh random key. */
  public static AeadKey generate(SecureRandom random) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return new AeadKey(bytes, random);
  }

  /**
   * A key derived with HKDF-SHA256 from a shared secret (a key agreement output) for one purpose.
   * Both parties of the agreement derive the same key.
   */
  public static AeadKey derive(byte[] sharedSecret, byte[] salt, String purpose) {
    return new AeadKey(
        Hkdf.derive(sharedSecret, salt, purpose.getBytes(StandardCharsets.UTF_8), KEY_BYTES),
        new SecureRandom());
  }

  /** Encrypts and authenticates {@code plaintext}, bound to {@code context}. */
  public Envelope seal(byte[] plaintext, AssociatedData context) {
    byte[] nonce = new byte[Envelope.NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.toBytes());
      return new Envelope(nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Decrypts an envelope sealed under this key for exactly this context.
   *
   * @throws EnvelopeException if the key, the context or any byte differs
   */
  public byte[] open(Envelope envelope, AssociatedData context) throws EnvelopeException {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope.nonce()));
      cipher.updateAAD(context.toBytes());
      return cipher.doFinal(envelope.ciphertext());
    } catch (AEADBadTagException e) {
      throw new EnvelopeException("envelope does not authenticate for " + context, e);
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException("envelope cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AeadKey[AES-256-GCM, bytes hidden]";
  }
}
