package org.transitionnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static DemoReport report() {
    return new DemoReport("pbc-labs-v1", List.of("site-a", "site-b"), List.of("bili", "albumin"));
  }

  @Test
  void coordinatorLeaderboard_keptWithJobRoundsAndTheNotAvailableSteps() throws Exception {
    DemoReport report = report();
    report.leaderboard(
        JSON.readTree(
            "{\"task\":\"pbc-labs-v1\",\"sites\":[\"site-a\",\"site-b\"],\"targets\":[],"
                + "\"evaluation\":\"pending\",\"methods\":[{\"name\":\"fedavg\",\"results\":{}}]}"));
    report.job(
        "job-1",
        JSON.readTree(
            "{\"status\":\"COMPLETED\",\"roundHistory\":["
                + "{\"round\":1,\"meanLoss\":6.5,\"reported\":[\"site-a\",\"site-b\"],"
                + "\"participants\":[\"site-a\",\"site-b\"],\"totalSamples\":100},"
                + "{\"round\":2,\"meanLoss\":5.25,\"reported\":[\"site-a\"],"
                + "\"participants\":[\"site-a\",\"site-b\"],\"totalSamples\":60}]}"),
        "NOT AVAILABLE (refused)",
        "off");
    report.step(new DemoStep("Evaluation", DemoStep.Status.NOT_AVAILABLE, "pending"));

    JsonNode board = report.leaderboardJson();

    assertThat(board.path("methods").get(0).path("name").asText()).isEqualTo("fedavg");
    assertThat(board.path("targets"))
        .extracting(JsonNode::asText)
        .containsExactly("bili", "albumin");
    JsonNode rounds = board.path("demo_status").path("job").path("rounds");
    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(1).path("mean_training_loss").asDouble()).isEqualTo(5.25);
    assertThat(rounds.get(1).path("sites_reported").asInt()).isEqualTo(1);
    assertThat(board.path("demo_status").path("complete").asBoolean()).isFalse();
    assertThat(board.path("demo_status").path("steps_not_available"))
        .extracting(JsonNode::asText)
        .containsExactly("Evaluation");
    assertThat(report.html())
        .contains("Learning curve")
        .contains("<path d='M")
        .contains("no metric")
        .contains("NOT AVAILABLE (refused)");
  }

  @Test
  void noJobAndNoLeaderboard_emptyMethodsAndNoLearningCurve() {
    DemoReport report = report();

    JsonNode board = report.leaderboardJson();

    assertThat(board.path("methods").isArray()).isTrue();
    assertThat(board.path("methods")).isEmpty();
    assertThat(board.path("demo_status").has("job")).isFalse();
    assertThat(report.html()).doesNotContain("Learning curve");
  }
}
