package org.transitionnet.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.cli.Tnet;
import org.transitionnet.metrics.Metric;

/** {@code tnet benchmark} on a made-up wide-layout trial it has never seen, given its mapping. */
class BenchmarkCommandTest {

  @Test
  // k = 5: by chance one centre's test set has only 8 control records (k = 10 would report a null
  // effect_error there, by design)
  void unseenWideTrial_sitesByColumn_writesACompleteLeaderboard(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("bp.csv");
    Path mapping = dir.resolve("bp-mapping.json");
    Files.writeString(data, MadeUpTrial.csv(300, 7));
    Files.writeString(mapping, MadeUpTrial.MAPPING);
    Path out = dir.resolve("out");
    int code =
        Tnet.commandLine()
            .execute(
                "benchmark",
                "--data",
                data.toString(),
                "--mapping",
                mapping.toString(),
                "--sites-by",
                "centre",
                "--k",
                "5",
                "--epochs",
                "2",
                "--hidden",
                "8",
                "--out",
                out.toString(),
                "--quiet");
    assertThat(code).isZero();
    JsonNode lb = new ObjectMapper().readTree(out.resolve("leaderboard.json").toFile());
    assertThat(lb.get("task").asText()).isEqualTo("made-up-bp-trial");
    assertThat(lb.get("sites").toString()).isEqualTo("[\"east\",\"north\",\"south\"]");
    assertThat(lb.get("methods")).hasSize(3 + 1 + 3);
    for (JsonNode m : lb.get("methods")) {
      for (String where : new String[] {"east", "north", "south", "pooled", "worst_site"}) {
        JsonNode macro = m.get("results").get(where).get("macro");
        for (String key : Metric.keys()) {
          assertThat(macro.get(key).isNumber())
              .as("%s %s %s", m.get("name").asText(), where, key)
              .isTrue();
        }
      }
    }
    assertThat(Files.readString(out.resolve("leaderboard.md"))).contains("| pooled | pooled |");
  }

  @Test
  void tooFewSubjectsPerSite_isRefusedWithExitCode2(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("bp.csv");
    Path mapping = dir.resolve("bp-mapping.json");
    Files.writeString(data, MadeUpTrial.csv(12, 1));
    Files.writeString(mapping, MadeUpTrial.MAPPING);
    int code =
        Tnet.commandLine()
            .execute(
                "benchmark",
                "--data",
                data.toString(),
                "--mapping",
                mapping.toString(),
                "--sites",
                "3",
                "--out",
                dir.resolve("out").toString(),
                "--quiet");
    assertThat(code).isEqualTo(2);
  }

  @Test
  void everyCommand_hasHelp() {
    assertThat(Tnet.commandLine().execute("benchmark", "--help")).isZero();
    assertThat(Tnet.commandLine().execute("bench", "training", "--help")).isZero();
  }

  @Test
  void benchEvaluationPrivacy_reportsEverySiteAndLessErrorAtLargerEpsilon() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    int code;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      code =
          Tnet.commandLine()
              .execute("bench", "evaluation-privacy", "--releases", "60", "--epsilons", "1,16");
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    java.util.Map<String, java.util.Map<String, Double>> median = new java.util.TreeMap<>();
    for (String line : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 9 && f[0].startsWith("site-")) {
        median
            .computeIfAbsent(f[0], x -> new java.util.HashMap<>())
            .put(f[4], Double.parseDouble(f[6].replace("%", "")));
      }
    }
    assertThat(median).containsOnlyKeys("site-a", "site-b", "site-c");
    median.forEach(
        (site, byEpsilon) ->
            assertThat(byEpsilon.get("16.0")).as(site).isLessThan(byEpsilon.get("1.0")));
  }
}
