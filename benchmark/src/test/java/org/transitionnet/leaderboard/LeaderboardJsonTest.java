package org.transitionnet.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderboardJsonTest {

  private static Map<String, Double> metrics(Double mae, Double skill) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mae", mae);
    m.put("skill", skill);
    return m;
  }

  @Test
  void json_hasTheContractKeysInSnakeCase_keepsNulls_andRoundTrips() throws Exception {
    SiteResult a = new SiteResult(metrics(0.5, 0.1), Map.of("x", metrics(0.5, 0.1)));
    SiteResult b = new SiteResult(metrics(null, null), Map.of("x", metrics(null, null)));
    Map<String, SiteResult> results = new LinkedHashMap<>();
    results.put("site-a", a);
    results.put("site-b", b);
    results.put("pooled", a);
    results.put("worst_site", WorstSite.of(List.of(a, b)));
    Leaderboard lb =
        new Leaderboard(
            "t",
            "2026-01-01T00:00:00Z",
            List.of("site-a", "site-b"),
            List.of("x"),
            Map.of("seed", 1),
            List.of(
                new MethodEntry(
                    "fedavg", "federated", true, new DpSetting("record", 3.0, 1e-5), 30, results)));
    String json = LeaderboardJson.write(lb);
    assertThat(json)
        .contains("\"task\" : \"t\"", "\"created\"", "\"sites\"", "\"targets\"", "\"methods\"")
        .contains("\"secure_aggregation\" : true", "\"per_target\"", "\"worst_site\"")
        .contains("\"dp\" : {", "\"level\" : \"record\"", "\"rounds\" : 30")
        .contains("\"mae\" : null");
    assertThat(LeaderboardJson.read(json)).isEqualTo(lb);
  }

  @Test
  void worstSite_takesTheWorstNonNullValuePerMetric() {
    SiteResult a = new SiteResult(metrics(0.5, 0.3), Map.of());
    SiteResult b = new SiteResult(metrics(0.7, 0.1), Map.of());
    SiteResult c = new SiteResult(metrics(null, null), Map.of());
    SiteResult w = WorstSite.of(List.of(a, b, c));
    assertThat(w.macro().get("mae")).isEqualTo(0.7);
    assertThat(w.macro().get("skill")).isEqualTo(0.1);
  }
}
