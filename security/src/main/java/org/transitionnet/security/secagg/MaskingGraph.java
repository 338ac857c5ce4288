package org.transitionnet.security.secagg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Who masks with whom. {@link #complete()} is the original protocol of Bonawitz et al. (every pair
 * of sites shares a mask, every site's secrets are shared with all). {@link #secAggPlus()} is
 * SecAgg+ (Bell et al., CCS 2020): a k-regular graph with k about 2 log2 n, drawn from a public
 * seed both roles derive from the job and round, so the server cannot choose it.
 */
public sealed interface MaskingGraph {

  /** Every site masks with every other. */
  static MaskingGraph complete() {
    return new Complete();
  }

  /** SecAgg+ with degree {@code 2 * ceil(log2 n)}, capped at n - 1. */
  static MaskingGraph secAggPlus() {
    return new Harary(0);
  }

  /** SecAgg+ with an explicit even degree. */
  static MaskingGraph secAggPlus(int degree) {
    if (degree < 2 || degree % 2 != 0) {
      throw new IllegalArgumentException("degree must be even and at least 2: " + degree);
    }
    return new Harary(degree);
  }

  /**
   * The neighbours of {@code site} (never itself) among the roster.
   *
   * @param roster all site ids of the round, sorted
   * @param seed public seed of the round
   */
  List<String> neighbours(String site, List<String> roster, long seed);

  /**
   * The Shamir threshold for one site's secrets, given how many sites hold shares of them (its
   * neighbours and itself) and the round's minimum number of survivors.
   */
  int shareThreshold(int holders, int minimumSurvivors);

  /** The complete graph. */
  record Complete() implements MaskingGraph {
    @Override
    public List<String> neighbours(String site, List<String> roster, long seed) {
      List<String> others = new ArrayList<>(roster);
      others.remove(site);
      return others;
    }

    @Override
    public int shareThreshold(int holders, int minimumSurvivors) {
      return Math.min(holders, Math.max(minimumSurvivors, holders / 2 + 1));
    }
  }

  /**
   * A Harary graph H(k, n) over a seeded random permutation of the roster: each site is joined to
   * the k/2 sites on either side of it in the permuted ring.
   *
   * @param fixedDegree the degree k, or 0 for {@code 2 * ceil(log2 n)}
   */
  record Harary(int fixedDegree) implements MaskingGraph {

    /** The degree used for a roster of n sites. */
    public int degree(int n) {
      int k = fixedDegree > 0 ? fixedDegree : 2 * (int) Math.ceil(Math.log(n) / Math.log(2));
      return Math.min(k, n - 1);
    }

    @Override
    public List<String> neighbours(String site, List<String> roster, long seed) {
      int n = roster.size();
      int k = degree(n);
      if (k >= n - 1) {
        return new Complete().neighbours(site, roster, seed);
      }
      List<String> ring = new ArrayList<>(roster);
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        String swap = ring.get(i);
        ring.set(i, ring.get(j));
        ring.set(j, swap);
      }
      int position = ring.indexOf(site);
      if (position < 0) {
        throw new IllegalArgumentException(site + " is not in the roster");
      }
      TreeSet<String> result = new TreeSet<>();
      int half = (k + 1) / 2;
      for (int d = 1; d <= half; d++) {
        result.add(ring.get(Math.floorMod(position + d, n)));
        result.add(ring.get(Math.floorMod(position - d, n)));
      }
      result.remove(site);
      return List.copyOf(result);
    }

    @Override
    public int shareThreshold(int holders, int minimumSurvivors) {
      return holders / 2 + 1;
    }
  }
}
