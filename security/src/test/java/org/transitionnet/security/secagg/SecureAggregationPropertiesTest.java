package org.transitionnet.security.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.transitionnet.security.secagg.RoundDriver.DropBefore;

/**
 * For random updates and random drop-outs (at any phase, up to n - t sites), the unmasked sum is
 * exactly the plain sum of the quantized updates of the sites whose masked input arrived; with more
 * drop-outs the round is refused.
 */
class SecureAggregationPropertiesTest {

  private static final int LENGTH = 64;
  private final SecureRandom random = new SecureRandom();

  @Property(tries = 15)
  void unmaskedSumEqualsPlainSumOfSurvivors(
      @ForAll @IntRange(min = 3, max = 8) int n, @ForAll long seed, @ForAll boolean secAggPlus)
      throws Exception {
    Random rng = new Random(seed);
    List<String> sites = Consortium.siteIds(n);
    SecAggParameters parameters =
        SecAggParameters.withMajorityThreshold(
            "job",
            rng.nextInt(1000),
            LENGTH,
            n,
            secAggPlus ? MaskingGraph.secAggPlus(2) : MaskingGraph.complete());
    int t = parameters.minimumSurvivors();
    Map<String, int[]> updates = updates(sites, rng);
    Map<String, DropBefore> drops = new HashMap<>();
    int dropCount = rng.nextInt(n - t + 1);
    List<String> shuffled = new java.util.ArrayList<>(sites);
    java.util.Collections.shuffle(shuffled, rng);
    for (String site : shuffled.subList(0, dropCount)) {
      drops.put(site, DropBefore.values()[rng.nextInt(DropBefore.values().length)]);
    }
    RoundDriver driver = new RoundDriver(parameters, sites, random);

    AggregateResult result;
    try {
      result = driver.run(updates, drops);
    } catch (SecAggException e) {
      // SecAgg+ with a sparse graph may leave one site's neighbourhood below its share
      // threshold; the round must then refuse, never release a wrong sum.
      assertThat(secAggPlus).as("complete graph with <= n - t drop-outs must succeed").isTrue();
      assertThat(e.reason()).isEqualTo(SecAggException.Reason.TOO_FEW_SURVIVORS);
      return;
    }

    Set<String> contributors = new TreeSet<>(sites);
    drops.forEach(
        (site, phase) -> {
          if (phase != DropBefore.UNMASKING) {
            contributors.remove(site);
          }
        });
    assertThat(result.contributors()).containsExactlyElementsOf(contributors);
    assertThat(result.sum()).containsExactly(RoundDriver.plainSum(updates, contributors, LENGTH));
  }

  @Property(tries = 6)
  void moreThanNMinusTDropOutsBeforeMasking_refused(
      @ForAll @IntRange(min = 3, max = 8) int n, @ForAll long seed) {
    Random rng = new Random(seed);
    List<String> sites = Consortium.siteIds(n);
    SecAggParameters parameters =
        SecAggParameters.withMajorityThreshold("job", 1, LENGTH, n, MaskingGraph.complete());
    int t = parameters.minimumSurvivors();
    Map<String, DropBefore> drops = new HashMap<>();
    List<String> shuffled = new java.util.ArrayList<>(sites);
    java.util.Collections.shuffle(shuffled, rng);
    for (String site : shuffled.subList(0, n - t + 1)) {
      drops.put(site, rng.nextBoolean() ? DropBefore.SHARES : DropBefore.MASKED_INPUT);
    }
    RoundDriver driver = new RoundDriver(parameters, sites, random);

    assertThatThrownBy(() -> driver.run(updates(sites, rng), drops))
        .isInstanceOfSatisfying(
            SecAggException.class,
            e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.TOO_FEW_SURVIVORS));
  }

  private static Map<String, int[]> updates(List<String> sites, Random rng) {
    Map<String, int[]> updates = new HashMap<>();
    for (String site : sites) {
      updates.put(site, rng.ints(LENGTH).toArray());
    }
    return updates;
  }
}
