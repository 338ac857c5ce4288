package org.transitionnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.cli.demo.DemoCommand;
import picocli.CommandLine;

/**
 * Drives the real {@code tnet demo} against the runtime this module assembled: four Liberty servers
 * start, each site's data is imported, the outputs are written and no server JVM is left.
 */
class DemoIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path runtime = Path.of(System.getProperty("tnet.runtime"));
  private final Path datasets = Path.of(System.getProperty("tnet.datasets"));
  private final Path out = Path.of("target", "demo-it").toAbsolutePath();

  @Test
  void demo_runsTwiceInARow_writesLeaderboardAndReport_leavesNoServerRunning() throws Exception {
    for (int run = 1; run <= 2; run++) {
      StringWriter console = new StringWriter();
      int exit = runDemo(console);
      assertThat(exit).as("exit code of run %d; output:%n%s", run, console).isZero();
      assertThat(console.toString()).contains("records stored across 3 nodes");
      assertThat(demoServerProcesses())
          .as("demo servers still running after run %d", run)
          .isEmpty();
    }

    JsonNode board = JSON.readTree(out.resolve("leaderboard.json").toFile());
    assertThat(board.path("task").asText()).isEqualTo("pbc-labs-v1");
    assertThat(board.path("sites"))
        .extracting(JsonNode::asText)
        .containsExactly("site-a", "site-b", "site-c");
    assertThat(board.path("methods").isArray()).isTrue();
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<svg").contains("site-a").doesNotContain("<script src");
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
        datasets.toString());
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
