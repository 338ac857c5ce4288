package org.transitionnet.security.dp;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Where DP noise comes from. Production noise must be unpredictable (a seeded PRNG lets anyone with
 * the seed subtract the noise), so {@link #secure()} is a {@link SecureRandom}; tests pass a seeded
 * {@link Random} for reproducibility.
 */
public final class NoiseSource {

  private NoiseSource() {}

  /** A cryptographically seeded source for production noise. */
  public static Random secure() {
    return new SecureRandom();
  }
}
