package org.transitionnet.security.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir t-of-n secret sharing of 32-byte secrets over the prime field GF(2^521 - 1). The Mersenne
 * prime is larger than any 256-bit secret (seeds and X25519 private keys alike), so no secret needs
 * reducing or splitting; a share value is 66 bytes.
 */
public final class ShamirSharing {

  /** p = 2^521 - 1. */
  public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);

  /** Bytes of a serialized share value. */
  public static final int SHARE_BYTES = 66;

  private static final int SECRET_BYTES = 32;

  private ShamirSharing() {}

  /** One share: the polynomial's value {@code y} at {@code x} (x is the holder's 1-based index). */
  public record Share(int x, BigInteger y) {
    public Share {
      if (x < 1) {
        throw new IllegalArgumentException("share x must be positive: " + x);
      }
      if (y.signum() < 0 || y.compareTo(PRIME) >= 0) {
        throw new IllegalArgumentException("share value outside the field");
      }
    }

    /** y as exactly {@link #SHARE_BYTES} big-endian bytes. */
    public byte[] valueBytes() {
      return fixed(y, SHARE_BYTES);
    }

    public static Share of(int x, byte[] valueBytes) {
      return new Share(x, new BigInteger(1, valueBytes));
    }
  }

  /** Splits a 32-byte secret into one share per x, any {@code threshold} of which recover it. */
  public static List<Share> split(
      byte[] secret, int threshold, List<Integer> xs, SecureRandom random) {
    if (secret.length != SECRET_BYTES) {
      throw new IllegalArgumentException("secret must be 32 bytes");
    }
    if (threshold < 1 || threshold > xs.size()) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " outside 1.." + xs.size() + " holders");
    }
    BigInteger[] coefficients = new BigInteger[threshold];
    coefficients[0] = new BigInteger(1, secret);
    for (int i = 1; i < threshold; i++) {
      BigInteger c;
      do {
        c = new BigInteger(PRIME.bitLength(), random);
      } while (c.compareTo(PRIME) >= 0);
      coefficients[i] = c;
    }
    List<Share> shares = new ArrayList<>(xs.size());
    for (int x : xs) {
      BigInteger bx = BigInteger.valueOf(x);
      BigInteger y = BigInteger.ZERO;
      for (int i = threshold - 1; i >= 0; i--) {
        y = y.multiply(bx).add(coefficients[i]).mod(PRIME);
      }
      shares.add(new Share(x, y));
    }
    return shares;
  }

  /**
   * Recovers the secret by Lagrange interpolation at 0 from shares with distinct x. With fewer than
   * the threshold the result is a uniformly random-looking value, not the secret: callers check the
   * result against a commitment.
   */
  public static byte[] combine(List<Share> shares) {
    Set<Integer> seen = new HashSet<>();
    for (Share s : shares) {
      if (!seen.add(s.x())) {
        throw new IllegalArgumentException("duplicate share x " + s.x());
      }
    }
    BigInteger secret = BigInteger.ZERO;
    for (Share i : shares) {
      BigInteger numerator = BigInteger.ONE;
      BigInteger denominator = BigInteger.ONE;
      BigInteger xi = BigInteger.valueOf(i.x());
      for (Share j : shares) {
        if (j == i) {
          continue;
        }
        BigInteger xj = BigInteger.valueOf(j.x());
        numerator = numerator.multiply(xj).mod(PRIME);
        denominator = denominator.multiply(xj.subtract(xi)).mod(PRIME);
      }
      BigInteger term = i.y().multiply(numerator).multiply(denominator.modInverse(PRIME));
      secret = secret.add(term).mod(PRIME);
    }
    if (secret.bitLength() > SECRET_BYTES * 8) {
      return new byte[SECRET_BYTES + 1]; // not a 32-byte secret: callers' checks fail
    }
    return fixed(secret, SECRET_BYTES);
  }

  private static byte[] fixed(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
