package org.transitionnet.security.secagg;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 (RFC 7748) on raw 32-byte keys, so private keys can be Shamir-shared. */
final class X25519Keys {

  static final int KEY_BYTES = X25519.SCALAR_SIZE;

  private X25519Keys() {}

  static byte[] newPrivateKey(SecureRandom random) {
    byte[] k = new byte[KEY_BYTES];
    X25519.generatePrivateKey(random, k);
    return k;
  }

  static byte[] publicKey(byte[] privateKey) {
    byte[] r = new byte[KEY_BYTES];
    X25519.generatePublicKey(privateKey, 0, r, 0);
    return r;
  }

  /**
   * The shared secret, or null when the peer's key is a low-order point (all-zero output), which an
   * honest peer never sends.
   */
  static byte[] agree(byte[] privateKey, byte[] peerPublicKey) {
    if (peerPublicKey.length != KEY_BYTES) {
      return null;
    }
    byte[] r = new byte[KEY_BYTES];
    return X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, r, 0) ? r : null;
  }
}
