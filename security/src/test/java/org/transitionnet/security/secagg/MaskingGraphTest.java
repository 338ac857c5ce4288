package org.transitionnet.security.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingGraphTest {

  @Test
  void secAggPlusGraph_isSymmetricRegularAndDeterministic() {
    List<String> roster = Consortium.siteIds(100);
    MaskingGraph.Harary graph = (MaskingGraph.Harary) MaskingGraph.secAggPlus();

    for (String site : roster) {
      List<String> neighbours = graph.neighbours(site, roster, 7L);
      assertThat(neighbours).hasSize(graph.degree(100)).doesNotContain(site);
      assertThat(graph.neighbours(site, roster, 7L)).isEqualTo(neighbours);
      for (String neighbour : neighbours) {
        assertThat(graph.neighbours(neighbour, roster, 7L)).contains(site);
      }
    }
    assertThat(graph.degree(100)).isEqualTo(14);
    assertThat(graph.neighbours("site-00", roster, 8L))
        .isNotEqualTo(graph.neighbours("site-00", roster, 7L));
  }

  @Test
  void completeGraphThresholdIsAMajority() {
    assertThat(MaskingGraph.complete().shareThreshold(20, 11)).isEqualTo(11);
    assertThat(MaskingGraph.complete().shareThreshold(20, 3)).isEqualTo(11);
  }
}
