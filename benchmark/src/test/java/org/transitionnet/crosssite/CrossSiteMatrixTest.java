package org.transitionnet.crosssite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;

class CrossSiteMatrixTest {

  private static final List<String> SITES = List.of("site-a", "site-b", "site-c");

  /** local:X has skill 0.3 at home and 0.1 elsewhere; site-c reports null (below k). */
  private static Leaderboard leaderboard() {
    List<MethodEntry> methods = new ArrayList<>();
    methods.add(method("no-change", "baseline", s -> 0.0));
    for (String home : List.of("site-a", "site-b")) {
      methods.add(method("local:" + home, "local", s -> s.equals(home) ? 0.3 : 0.1));
    }
    return new Leaderboard("t", "2026-01-01T00:00:00Z", SITES, List.of("y"), Map.of(), methods);
  }

  private static MethodEntry method(
      String name, String kind, java.util.function.Function<String, Double> skill) {
    Map<String, SiteResult> results = new LinkedHashMap<>();
    for (String s : SITES) {
      Map<String, Double> macro = new LinkedHashMap<>();
      macro.put("skill", s.equals("site-c") ? null : skill.apply(s));
      macro.put("mae", 1.0);
      results.put(s, new SiteResult(macro, Map.of()));
    }
    return new MethodEntry(name, kind, false, null, null, results);
  }

  @Test
  void localModels_areRowsAndEverySiteIsAColumn() {
    CrossSiteMatrix m = CrossSiteMatrix.of(leaderboard());

    assertThat(m.trainedAt()).containsExactly("site-a", "site-b");
    assertThat(m.evaluatedAt()).containsExactlyElementsOf(SITES);
    assertThat(m.cell("skill", "site-a", "site-a")).hasValue(0.3);
    assertThat(m.cell("skill", "site-a", "site-b")).hasValue(0.1);
    assertThat(m.cell("skill", "site-b", "site-b")).hasValue(0.3);
    assertThat(m.cell("skill", "site-b", "site-c")).isEmpty();
    assertThat(m.macro().get("skill").get(1)).containsExactly(0.1, 0.3, null);
    assertThat(m.macro()).containsKeys("mae", "crps", "picp90");
  }

  @Test
  void addTo_keepsEveryLeaderboardKeyAndReadsBack() throws Exception {
    Leaderboard lb = leaderboard();
    String json = LeaderboardJson.write(lb);
    CrossSiteMatrix m = CrossSiteMatrix.of(lb);

    String extended = m.addTo(json);

    assertThat(extended).contains("\"cross_site\"").contains("\"trained_at\"");
    assertThat(extended.indexOf("\"methods\"")).isLessThan(extended.indexOf("\"cross_site\""));
    assertThat(CrossSiteMatrix.from(extended)).hasValue(m);
    assertThat(CrossSiteMatrix.from(json)).isEmpty();
    assertThat(m.addTo(extended)).isEqualTo(extended);
    assertThat(LeaderboardJson.read(extended)).isEqualTo(LeaderboardJson.read(json));
  }
}
