package org.transitionnet.security.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.transitionnet.security.secagg.RoundDriver.DropBefore;

/**
 * Everything the server received in a round (keys, encrypted shares, masked inputs, revealed
 * shares) does not contain any single site's quantized update, nor anything correlated with it.
 */
class TranscriptLeakageTest {

  private static final int LENGTH = 10_000;

  @Test
  void noSitesUpdateAppearsInOrCorrelatesWithTheServersTranscript() throws Exception {
    List<String> sites = Consortium.siteIds(5);
    Random rng = new Random(42);
    FixedPoint fixedPoint = new FixedPoint(1.0, sites.size());
    Map<String, int[]> updates = new LinkedHashMap<>();
    for (String site : sites) {
      double[] update = new double[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        update[i] = 0.3 * rng.nextGaussian() + (i % 100) / 400.0; // structured, like weights
      }
      updates.put(site, fixedPoint.encode(update));
    }
    RoundDriver driver =
        new RoundDriver(
            SecAggParameters.withMajorityThreshold("job", 1, LENGTH, 5, MaskingGraph.complete()),
            sites,
            new SecureRandom());

    AggregateResult result = driver.run(updates, Map.of("site-04", DropBefore.MASKED_INPUT));

    List<int[]> vectors = new ArrayList<>();
    List<byte[]> blobs = new ArrayList<>();
    for (Object message : driver.transcript) {
      if (message instanceof MaskedInput input) {
        vectors.add(input.maskedVector());
      } else if (message instanceof ShareBundle bundle) {
        bundle.shares().forEach(s -> blobs.add(s.envelope().toBytes()));
      } else if (message instanceof UnmaskingResponse response) {
        response.shares().forEach(s -> blobs.add(s.value()));
      } else if (message instanceof KeyAdvertisement advertisement) {
        blobs.add(advertisement.maskPublicKey());
        blobs.add(advertisement.sharePublicKey());
      }
    }
    assertThat(vectors).hasSize(4);
    for (Map.Entry<String, int[]> entry : updates.entrySet()) {
      int[] update = entry.getValue();
      for (int[] vector : vectors) {
        assertThat(Math.abs(correlation(update, vector)))
            .as("correlation of %s with a masked input", entry.getKey())
            .isLessThan(0.05);
        assertThat(equalCoordinates(update, vector))
            .as("coordinates of %s appearing verbatim", entry.getKey())
            .isLessThan(5);
      }
      byte[] firstCoordinates = littleEndian(update, 4);
      for (byte[] blob : blobs) {
        assertThat(indexOf(blob, firstCoordinates)).isEqualTo(-1);
      }
    }
    // and yet the sum is exact: what the server learns is the aggregate only
    assertThat(result.sum())
        .containsExactly(
            RoundDriver.plainSum(updates, java.util.Set.copyOf(result.contributors()), LENGTH));
  }

  private static double correlation(int[] a, int[] b) {
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < a.length; i++) {
      meanA += a[i];
      meanB += b[i];
    }
    meanA /= a.length;
    meanB /= b.length;
    double cov = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - meanA;
      double db = b[i] - meanB;
      cov += da * db;
      varA += da * da;
      varB += db * db;
    }
    return cov / Math.sqrt(varA * varB);
  }

  private static int equalCoordinates(int[] a, int[] b) {
    int equal = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        equal++;
      }
    }
    return equal;
  }

  private static byte[] littleEndian(int[] values, int count) {
    byte[] bytes = new byte[4 * count];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < 4; j++) {
        bytes[4 * i + j] = (byte) (values[i] >>> (8 * j));
      }
    }
    return bytes;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
