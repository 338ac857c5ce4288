package org.transitionnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.transitionnet.cli.demo.DemoCommand;
import picocli.CommandLine;

/**
 * Drives the real {@code tnet demo} against the runtime this module assembled, once, end to end:
 * the coordinator starts, issues a token per site, three nodes start, enroll (mutual TLS) and
 * connect, each site's pbc share and Synthea FHIR export are imported, a 2-round federated FedAvg
 * job with secure aggregation runs through the coordinator's REST API (the nodes' audit logs show
 * only masked updates), then a 1-round job on the FHIR data, the leaderboard and report are
 * written, and afterwards no server JVM is left and every server port is free again, so a second
 * run can start at once.
 *
 * <p>One full run takes ~1-2 min on an idle 2-core machine and 3-4 min under load; a second full
 * run would double that, so the IT checks what a second run needs (no process, no port left)
 * instead of repeating it.
 */
class DemoIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY_PORT =
      Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+)");
  private final Path runtime = Path.of(System.getProperty("tnet.runtime"));
  private final Path datasets = Path.of(System.getProperty("tnet.datasets"));
  private final Path out = Path.of("target", "demo-it").toAbsolutePath();

  @Test
  void demo_enrollsSitesRunsFederatedJob_writesLeaderboardAndReport_leavesNothingRunning()
      throws Exception {
    StringWriter console = new StringWriter();
    int exit = runDemo(console);
    String text = console.toString();
    assertThat(exit).as("exit code; output:%n%s", text).isZero();
    assertThat(text)
        .contains("all 3 nodes enrolled and connected")
        .contains("records stored across 3 nodes")
        .contains("round 2/2: 3/3 sites reported")
        .contains("COMPLETED")
        .contains("all stopped, ports released");
    // secure aggregation is on by default, and every node's audit log shows masked updates only
    for (String site : List.of("site-a", "site-b", "site-c")) {
      assertThat(text)
          .containsPattern(
              site
                  + " outbound audit log: [1-9]\\d* secure-aggregation messages, 0 plain update"
                  + " chunks, hash chain intact");
      // each node imported its Synthea export and the demo printed the counts
      assertThat(text)
          .containsPattern(site + ": [\\d,]+ FHIR resources read -> [\\d,]+ transitions,");
    }
    assertThat(text).contains("round 1/1: 3/3 sites reported");

    assertThat(demoServerProcesses()).as("demo servers still running").isEmpty();
    List<Integer> ports = new ArrayList<>();
    Matcher m = READY_PORT.matcher(text);
    while (m.find()) {
      ports.add(Integer.parseInt(m.group(1)));
    }
    assertThat(ports).as("HTTP ports of the 4 servers in the output").hasSize(4);
    for (int port : ports) {
      assertThat(listening(port)).as("something still listens on port %d", port).isFalse();
    }

    JsonNode board = JSON.readTree(out.resolve("leaderboard.json").toFile());
    assertThat(board.path("task").asText()).isEqualTo("pbc-labs-v1");
    assertThat(board.path("sites"))
        .extracting(JsonNode::asText)
        .containsExactly("site-a", "site-b", "site-c");
    // the full §7 protocol (the demo's default): local:<site> and loso:<site> trained as
    // sub-jobs, every method evaluated at every site, and the cross-site matrix
    assertThat(board.path("methods"))
        .extracting(n -> n.path("name").asText())
        .contains(
            "no-change",
            "mean-change",
            "linear",
            "local:site-a",
            "local:site-b",
            "local:site-c",
            "fedavg",
            "loso:site-a",
            "loso:site-b",
            "loso:site-c");
    for (JsonNode method : board.path("methods")) {
      assertThat(method.path("results").path("pooled").path("macro").path("mae").isNumber())
          .as("pooled mae of %s (failures: %s)", method.path("name"), board.path("settings"))
          .isTrue();
    }
    assertThat(board.path("cross_site").path("trained_at"))
        .extracting(JsonNode::asText)
        .containsExactly("site-a", "site-b", "site-c");
    // each protocol sub-job checked in the audit of the sites that trained it, by its job id
    for (String site : List.of("site-a", "site-b", "site-c")) {
      assertThat(text)
          .containsPattern(
              site
                  + " outbound audit log for local:"
                  + site
                  + " \\(plain: its own model\\): [1-9]\\d* plain update chunks");
      assertThat(text)
          .containsPattern(
              site
                  + " outbound audit log for loso:site-[abc] \\(securely aggregated\\): 0 plain"
                  + " update chunks, [1-9]\\d* secure-aggregation messages, log intact");
    }
    assertThat(text).contains("cross-site matrix: local:");
    JsonNode rounds = board.path("demo_status").path("job").path("rounds");
    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(0).path("sites_reported").asInt()).isEqualTo(3);
    if (rounds.get(1).has("epsilon_spent_max_site")) {
      // trained under DP: the sites release no training loss, and the demo says so
      assertThat(rounds.get(1).path("epsilon_spent_max_site").asDouble()).isPositive();
      assertThat(rounds.get(1).path("mean_training_loss").isNull()).isTrue();
      assertThat(text).contains("training loss not released (differential privacy)");
    } else {
      assertThat(rounds.get(1).path("mean_training_loss").asDouble()).isPositive();
    }
    JsonNode jobs = board.path("demo_status").path("jobs");
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(1).path("task").asText()).isEqualTo("bp-antihypertensive");
    assertThat(jobs.get(1).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(jobs.get(0).path("secure_aggregation").asText()).startsWith("on (");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("Cross-site matrix").doesNotContain("no cross-site matrix");
    assertThat(html)
        .contains("<svg")
        .contains("Learning curve")
        .contains("Synthea FHIR data at each site")
        .contains("site-a")
        .doesNotContain("<script src");
    boolean evaluated = false;
    for (JsonNode method : board.path("methods")) {
      evaluated |= method.path("results").path("pooled").path("macro").path("mae").isNumber();
    }
    if (evaluated) {
      // the coordinator's leaderboard has metrics: the report draws them
      assertThat(html).contains("Macro MAE by method and test site").contains("Calibration on");
    } else {
      // no metrics: the report says so instead of drawing anything
      assertThat(html).contains("but no metric").doesNotContain("Macro MAE by method");
    }
  }

  private int runDemo(StringWriter console) {
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(console, true));
    cli.setErr(new PrintWriter(console, true));
    return cli.execute(
        "--out",
        out.toString(),
        "--runtime",
        runtime.toString(),
        "--datasets",
        datasets.toString(),
        "--rounds",
        "2",
        "--fhir-rounds",
        "1",
        // Generous for loaded CI machines; an idle one starts each server in 10-20 s.
        "--startup-timeout",
        "420");
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Liberty JVMs started from this runtime for one of the demo's server names. */
  private List<ProcessHandle> demoServerProcesses() {
    String wlp = runtime.resolve("wlp").toAbsolutePath().normalize().toString();
    List<String> names = List.of("coordinator", "site-a", "site-b", "site-c");
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            p -> {
              String line = p.info().commandLine().orElse("");
              return line.contains(wlp) && names.stream().anyMatch(n -> line.endsWith(" " + n));
            })
        .toList();
  }
}
