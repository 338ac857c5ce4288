package org.transitionnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.cli.benchmark.MadeUpTrial;

/**
 * {@code tnet simulate} reads its data as {@code tnet benchmark} does (the shared data options): a
 * user's CSV split by a natural site column, the federated method beside the baselines.
 */
class SimulateCommandTest {

  @Test
  void unseenTrial_sitesByUndeclaredColumn_federatedMethodBesideTheBaselines(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("bp.csv");
    Path mapping = dir.resolve("bp-mapping.json");
    // "clinic" is a CSV column the mapping does not declare: imported as the records' site
    Files.writeString(data, withClinicColumn(MadeUpTrial.csv(300, 7)));
    Files.writeString(mapping, MadeUpTrial.MAPPING);
    Path out = dir.resolve("out");

    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      code =
          Tnet.commandLine()
              .execute(
                  "simulate",
                  "--data",
                  data.toString(),
                  "--mapping",
                  mapping.toString(),
                  "--sites-by",
                  "clinic",
                  "--rounds",
                  "2",
                  "--no-loso",
                  "--k",
                  "5",
                  "--epochs",
                  "1",
                  "--hidden",
                  "8",
                  "--out",
                  out.toString(),
                  "--quiet");
    } finally {
      System.setOut(stdout);
    }

    assertThat(code).isZero();
    JsonNode lb = new ObjectMapper().readTree(out.resolve("leaderboard.json").toFile());
    assertThat(lb.get("task").asText()).isEqualTo("made-up-bp-trial");
    assertThat(lb.get("sites").toString()).isEqualTo("[\"c1\",\"c2\"]");
    List<String> methods = new ArrayList<>();
    lb.get("methods").forEach(m -> methods.add(m.get("name").asText()));
    assertThat(methods).contains("pooled", "local:c1", "local:c2", "fedavg");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("method", "skill", "crps", "nll", "worst skill")
        .contains("fedavg");
  }

  @Test
  void dataWithoutMapping_isRefusedWithExitCode2(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("bp.csv");
    Files.writeString(data, MadeUpTrial.csv(30, 1));
    assertThat(Tnet.commandLine().execute("simulate", "--data", data.toString(), "--quiet"))
        .isEqualTo(2);
    assertThat(Tnet.commandLine().execute("benchmark", "--data", data.toString(), "--quiet"))
        .isEqualTo(2);
  }

  /** Adds a last column "clinic": c1 for odd patients, c2 for even ones. */
  private static String withClinicColumn(String csv) {
    StringBuilder s = new StringBuilder();
    String[] lines = csv.split("\n");
    s.append(lines[0]).append(",clinic\n");
    for (int i = 1; i < lines.length; i++) {
      s.append(lines[i]).append(i % 2 == 1 ? ",c1" : ",c2").append('\n');
    }
    return s.toString();
  }
}
