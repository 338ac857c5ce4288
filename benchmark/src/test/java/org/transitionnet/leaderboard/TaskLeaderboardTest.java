package org.transitionnet.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskLeaderboardTest {

  private static String board(String task, String sites, String methods, String extra) {
    return "{\"task\":\""
        + task
        + "\",\"created\":\"2026-12-01T10:00:00Z\",\"sites\":"
        + sites
        + ",\"targets\":[\"bilirubin\",\"albumin\"],\"settings\":{\"seed\":42,\"k\":10,"
        + "\"protocol\":\"full\",\"strategy\":\"fedavg\",\"rounds\":3,\"evaluation\":\"x\"},"
        + "\"methods\":"
        + methods
        + extra
        + "}";
  }

  private static String method(String name, double mae) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"federated\",\"secure_aggregation\":true,\"dp\":null,\"rounds\":3,"
        + "\"results\":{\"pooled\":{\"macro\":{\"mae\":"
        + mae
        + "},\"per_target\":{}}}}";
  }

  @Test
  void merge_keepsEveryJobsMethodsWithTheirJob_unionOfSites_andTheJobsSettings() throws Exception {
    Map<String, String> jobs = new LinkedHashMap<>();
    jobs.put(
        "j1",
        board(
            "pbc",
            "[\"site-a\",\"site-b\"]",
            "[" + method("no-change", 0.5) + "," + method("fedavg", 0.4) + "]",
            ",\"cross_site\":{\"trained_at\":[\"site-a\"]}"));
    jobs.put("j2", board("pbc", "[\"site-b\",\"site-c\"]", "[" + method("fedavg", 0.3) + "]", ""));

    JsonNode merged =
        new ObjectMapper().readTree(TaskLeaderboard.merge("pbc", "2026-12-06T00:00:00Z", jobs));

    assertThat(merged.path("task").asText()).isEqualTo("pbc");
    assertThat(merged.path("sites"))
        .extracting(JsonNode::asText)
        .containsExactly("site-a", "site-b", "site-c");
    assertThat(merged.path("targets"))
        .extracting(JsonNode::asText)
        .containsExactly("bilirubin", "albumin");
    assertThat(merged.path("methods"))
        .extracting(m -> m.path("job").asText() + "/" + m.path("name").asText())
        .containsExactly("j1/no-change", "j1/fedavg", "j2/fedavg");
    assertThat(merged.path("methods").get(2).path("results").path("pooled").path("macro"))
        .isEqualTo(new ObjectMapper().readTree("{\"mae\":0.3}"));
    JsonNode settings = merged.path("settings").path("jobs");
    assertThat(settings).hasSize(2);
    assertThat(settings.get(0).path("seed").asInt()).isEqualTo(42);
    assertThat(settings.get(0).path("protocol").asText()).isEqualTo("full");
    assertThat(settings.get(0).path("methods").asInt()).isEqualTo(2);
    assertThat(settings.get(0).has("evaluation")).isFalse();
    assertThat(merged.path("cross_site_by_job").fieldNames()).toIterable().containsExactly("j1");
    // still a §8 leaderboard
    assertThat(LeaderboardJson.read(merged.toString()).methods()).hasSize(3);
  }

  @Test
  void merge_refusesALeaderboardOfAnotherTask_namingTheJob() {
    Map<String, String> jobs = Map.of("j9", board("other", "[]", "[]", ""));
    assertThatThrownBy(() -> TaskLeaderboard.merge("pbc", "now", jobs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job j9")
        .hasMessageContaining("'other'");
  }
}
