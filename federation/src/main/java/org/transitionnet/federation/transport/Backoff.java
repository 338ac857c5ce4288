package org.transitionnet.federation.transport;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential reconnect delays with jitter: {@code min(max, initial * multiplier^attempt)}, scaled
 * by a random factor in [0.5, 1) so that sites cut off together do not return together.
 *
 * @param initial delay before the first retry
 * @param max longest delay
 * @param multiplier growth per failed attempt
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

  public Backoff {
    if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1) {
      throw new IllegalArgumentException("need 0 <= initial <= max and multiplier >= 1");
    }
  }

  /** 1 s doubling to 60 s. */
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0);
  }

  /** The delay before retry number {@code attempt} (0-based). */
  public Duration delay(int attempt, Random random) {
    double base = initial.toMillis() * Math.pow(multiplier, Math.min(attempt, 62));
    double capped = Math.min(max.toMillis(), base);
    return Duration.ofMillis((long) (capped * (0.5 + 0.5 * random.nextDouble())));
  }
}
