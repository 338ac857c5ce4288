package org.transitionnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /** A leaderboard as {@code ./tnet simulate --out DIR} writes it (3 sites, cross_site). */
  private static JsonNode simulatorLeaderboard() throws Exception {
    try (var in = DemoReportTest.class.getResourceAsStream("simulated-leaderboard.json")) {
      return JSON.readTree(in);
    }
  }

  @Test
  void simulatorLeaderboard_rendersPerSiteCalibrationAndCrossSiteFromItsNumbers() throws Exception {
    JsonNode board = simulatorLeaderboard();
    DemoReport report =
        new DemoReport("pbc-labs-v1", List.of("site-a", "site-b", "site-c"), List.of());
    report.leaderboard(board);

    String html = report.html();

    assertThat(html)
        .contains("Per-site metrics")
        .contains("Macro MAE by method and test site")
        .contains("Calibration on the pooled test set")
        .contains("Cross-site matrix: macro MAE")
        .doesNotContain("class='pending'")
        .doesNotContain("<script");
    JsonNode fedavg = method(board, "fedavg");
    JsonNode pooled = fedavg.path("results").path("pooled").path("macro");
    // the numbers drawn are the document's: fedavg's pooled coverage and MAE at site-b
    assertThat(html)
        .contains(fmt(pooled.path("picp50").asDouble()))
        .contains(fmt(pooled.path("picp90").asDouble()))
        .contains(num(fedavg.path("results").path("site-b").path("macro").path("mae").asDouble()));
    // the cross-site cell trained at site-a, tested at site-c
    double cell = board.path("cross_site").path("macro").path("mae").path(0).path(2).asDouble();
    assertThat(html).contains(">" + num(cell) + "</text>");
    // every method of the document is in the table
    for (JsonNode m : board.path("methods")) {
      assertThat(html).contains("<td>" + m.path("name").asText() + "</td>");
    }
  }

  @Test
  void leaderboardWithoutCrossSiteOrCoverage_saysWhatIsMissing_andDrawsNoCurve() throws Exception {
    ObjectNode board = (ObjectNode) simulatorLeaderboard();
    board.remove("cross_site");
    for (JsonNode m : board.path("methods")) {
      m.path("results")
          .forEach(r -> ((ObjectNode) r.path("macro")).remove(List.of("picp50", "picp90")));
    }
    DemoReport report =
        new DemoReport("pbc-labs-v1", List.of("site-a", "site-b", "site-c"), List.of());
    report.leaderboard(board);

    String html = report.html();

    assertThat(html)
        .contains("Macro MAE by method and test site")
        .contains("no cross-site matrix (cross_site)")
        .contains("no pooled interval coverage")
        .doesNotContain("Calibration on the pooled test set")
        .doesNotContain("Cross-site matrix: macro MAE");
  }

  @Test
  void fhirImport_countsAndReasonsInTheReport() throws Exception {
    DemoReport report = report();
    JsonNode nodeReport =
        JSON.readTree(
            "{\"rowsRead\":274199,\"transitionsMade\":5915,\"stored\":5900,"
                + "\"alreadyPresent\":15,\"rejected\":2,\"outcome\":\"STORED_WITH_REJECTIONS\","
                + "\"durationMillis\":54000,\"rejectedByReason\":{\"INCONVERTIBLE_UNIT\":2},"
                + "\"dropped\":{\"INTERVAL_TOO_LONG\":274}}");
    NodeApi.ImportCounts counts = NodeApi.ImportCounts.of(nodeReport);
    report.fhirData("site-c", counts);

    String html = report.html();

    assertThat(html)
        .contains("Synthea FHIR data at each site")
        .contains("<td>274199</td>")
        .contains("<td>5900</td>")
        .contains("{INCONVERTIBLE_UNIT=2}")
        .contains("{INTERVAL_TOO_LONG=274}");
    assertThat(DemoCommand.fhirCounts(counts))
        .contains("274,199 FHIR resources read")
        .contains("2 rejected {INCONVERTIBLE_UNIT=2}")
        .contains("INTERVAL_TOO_LONG=274")
        .contains("54.0 s at the node");
  }

  @Test
  void dpJob_epsilonSpentPerRoundAndRefusalsShown() throws Exception {
    DemoReport report = report();
    JsonNode round =
        JSON.readTree(
            "{\"round\":1,\"meanLoss\":2.0,\"reported\":[\"site-a\"],"
                + "\"participants\":[\"site-a\",\"site-b\"],\"totalSamples\":50,"
                + "\"epsilonSpent\":{\"site-a\":1.25},"
                + "\"failures\":{\"site-b\":\"privacy budget exhausted\"}}");
    report.job(
        "dp-job",
        JSON.readTree(
            "{\"status\":\"COMPLETED\",\"task\":\"pbc-labs-v1\",\"epsilonSpent\":1.25,"
                + "\"roundHistory\":["
                + round
                + "]}"),
        "record level, epsilon 3",
        "on");

    JsonNode job = report.leaderboardJson().path("demo_status").path("job");

    assertThat(job.path("epsilon_spent").asDouble()).isEqualTo(1.25);
    assertThat(job.path("rounds").get(0).path("epsilon_spent_max_site").asDouble()).isEqualTo(1.25);
    assertThat(report.html()).contains("<td>1.250</td>");
    assertThat(DemoReport.epsilonSpent(round)).contains("up to 1.250");
    assertThat(DemoReport.failures(round)).contains("site-b (privacy budget exhausted)");
    // DP sites release no training loss: never shown as a loss of 0 or drawn as a curve
    assertThat(job.path("rounds").get(0).path("mean_training_loss").isNull()).isTrue();
    assertThat(DemoReport.trainingLoss(round)).contains("not released");
    assertThat(report.html()).contains("not released (DP)").doesNotContain("<td>2.0");
  }

  private static JsonNode method(JsonNode board, String name) {
    for (JsonNode m : board.path("methods")) {
      if (m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  private static String num(double v) {
    return org.transitionnet.cli.demo.report.Svg.num(v);
  }
}
