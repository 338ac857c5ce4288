package org.transitionnet.security.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShamirSharingTest {

  private final SecureRandom random = new SecureRandom();

  @Property(tries = 50)
  void anyThresholdSharesRecoverTheSecret_fewerDoNot(
      @ForAll @IntRange(min = 2, max = 20) int n, @ForAll long seed) {
    Random rng = new Random(seed);
    int threshold = 1 + rng.nextInt(n);
    byte[] secret = new byte[32];
    rng.nextBytes(secret);
    secret[0] = (byte) 0xff; // full 256-bit secrets fit the field
    List<Integer> xs = IntStream.rangeClosed(1, n).boxed().toList();
    List<ShamirSharing.Share> shares =
        new ArrayList<>(ShamirSharing.split(secret, threshold, xs, random));
    Collections.shuffle(shares, rng);

    assertThat(ShamirSharing.combine(shares.subList(0, threshold))).isEqualTo(secret);
    if (threshold > 1) {
      assertThat(ShamirSharing.combine(shares.subList(0, threshold - 1))).isNotEqualTo(secret);
    }
  }
}
