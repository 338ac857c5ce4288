package org.transitionnet.security.secagg;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Secure aggregation cost on this machine, all roles in one process (so times are CPU, not
 * network). Run: {@code ./mvnw -q -B -pl security test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.transitionnet.security.secagg.SecAggBenchmark}. Optional system properties:
 * {@code bench.params} (default 1000000), {@code bench.sites} (default 20).
 */
public final class SecAggBenchmark {

  private SecAggBenchmark() {}

  public static void main(String[] args) throws Exception {
    int params = Integer.getInteger("bench.params", 1_000_000);
    int sites = Integer.getInteger("bench.sites", 20);
    System.out.println("warm-up ...");
    run(sites, 50_000, 0, MaskingGraph.complete(), false);
    run(sites, 50_000, 1, MaskingGraph.secAggPlus(), false);
    System.out.printf(
        Locale.ROOT, "%n== %d sites x %,d parameters, complete graph ==%n", sites, params);
    for (int drops : new int[] {0, 1, 5}) {
      run(sites, params, drops, MaskingGraph.complete(), true);
    }
    int small = Integer.getInteger("bench.growthParams", 100_000);
    System.out.printf(Locale.ROOT, "%n== growth, %,d parameters, 1 drop-out ==%n", small);
    for (int n : new int[] {10, 20, 50, 100}) {
      run(n, small, 1, MaskingGraph.complete(), true);
      run(n, small, 1, MaskingGraph.secAggPlus(), true);
    }
  }

  static void run(int n, int length, int drops, MaskingGraph graph, boolean print)
      throws Exception {
    List<String> ids = Consortium.siteIds(n);
    SecAggParameters parameters =
        SecAggParameters.withMajorityThreshold("bench", 1, length, n, graph);
    SecureRandom random = new SecureRandom();
    Random rng = new Random(1);
    Map<String, SecAggClient> clients = new LinkedHashMap<>();
    for (String id : ids) {
      clients.put(id, new SecAggClient(parameters, Consortium.site(id), Consortium.TRUST, random));
    }
    SecAggServer server = new SecAggServer(parameters, Consortium.TRUST);
    Map<String, int[]> updates = new LinkedHashMap<>();
    for (String id : ids) {
      updates.put(id, rng.ints(length, -1000, 1000).toArray());
    }
    List<String> dropped = ids.subList(0, drops);

    long uploadBytes = 0;
    long t0 = System.nanoTime();
    for (SecAggClient c : clients.values()) {
      KeyAdvertisement a = c.advertiseKeys();
      uploadBytes +=
          8L
              + a.maskPublicKey().length
              + a.sharePublicKey().length
              + a.selfMaskCommitment().length
              + a.certificate().length
              + a.signature().length;
      server.acceptAdvertisement(c.siteId(), a);
    }
    KeyRoster roster = server.closeAdvertisements();
    long t1 = System.nanoTime();
    for (SecAggClient c : clients.values()) {
      ShareBundle b = c.shareKeys(roster);
      for (EncryptedShare s : b.shares()) {
        uploadBytes += s.envelope().toBytes().length + 16;
      }
      server.acceptShares(c.siteId(), b);
    }
    Map<String, ShareDelivery> deliveries = server.closeShares();
    long t2 = System.nanoTime();
    long maskNanos = 0;
    int masking = 0;
    for (SecAggClient c : clients.values()) {
      if (dropped.contains(c.siteId())) {
        continue;
      }
      long m0 = System.nanoTime();
      MaskedInput input = c.maskInput(deliveries.get(c.siteId()), updates.get(c.siteId()));
      maskNanos += System.nanoTime() - m0;
      masking++;
      uploadBytes += 4L * input.maskedVector().length;
      server.acceptMaskedInput(c.siteId(), input);
    }
    SurvivorList survivors = server.closeMaskedInputs();
    long t3 = System.nanoTime();
    for (SecAggClient c : clients.values()) {
      if (dropped.contains(c.siteId())) {
        continue;
      }
      UnmaskingResponse r = c.unmask(survivors);
      uploadBytes += 8L + r.shares().size() * (8L + ShamirSharing.SHARE_BYTES);
      server.acceptUnmasking(c.siteId(), r);
    }
    long t4 = System.nanoTime();
    AggregateResult result = server.finish();
    long t5 = System.nanoTime();

    int[] expected = new int[length];
    for (String id : result.contributors()) {
      int[] u = updates.get(id);
      for (int i = 0; i < length; i++) {
        expected[i] += u[i];
      }
    }
    if (!java.util.Arrays.equals(expected, result.sum())) {
      throw new AssertionError("sum mismatch");
    }
    if (!print) {
      return;
    }
    long plaintextBytes = 4L * length * n;
    String graphName = graph instanceof MaskingGraph.Complete ? "complete" : "secagg+";
    int degree = graph instanceof MaskingGraph.Harary h ? h.degree(n) : n - 1;
    System.out.printf(
        Locale.ROOT,
        "n=%3d %-8s k=%2d params=%,9d drops=%d | upload/plain=%s | keys+verify %.0f ms total,"
            + " shares %.0f ms total, mask %.1f ms/site, unmask-responses %.0f ms total,"
            + " server finish %.1f ms%n",
        n,
        graphName,
        degree,
        length,
        drops,
        drops == 0
            ? String.format(Locale.ROOT, "%.4f", (double) uploadBytes / plaintextBytes)
            : "  -   ",
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6,
        maskNanos / 1e6 / masking,
        (t4 - t3) / 1e6,
        (t5 - t4) / 1e6);
  }
}
