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

  /** Runs {@code tnet benchmark ARGS}; returns the exit code and what it wrote to System.err. */
  private static String[] benchmarkCapturingStderr(String... args) {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    int code;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      String[] all = new String[args.length + 1];
      all[0] = "benchmark";
      System.arraycopy(args, 0, all, 1, args.length);
      code = Tnet.commandLine().execute(all);
    } finally {
      System.setErr(original);
    }
    return new String[] {
      Integer.toString(code), err.toString(java.nio.charset.StandardCharsets.UTF_8)
    };
  }

  @Test
  void missingDataOrMappingFile_isAOneLineErrorNamingTheOptionWithExitCode2(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("bp.csv");
    Path mapping = dir.resolve("bp-mapping.json");
    Files.writeString(data, MadeUpTrial.csv(12, 1));
    Files.writeString(mapping, MadeUpTrial.MAPPING);
    Path missing = dir.resolve("missing.csv");
    Path out = dir.resolve("out");

    String[] noData =
        benchmarkCapturingStderr(
            "--data", missing.toString(), "--mapping", mapping.toString(), "--out", out.toString());
    String[] noDataAlone = benchmarkCapturingStderr("--data", missing.toString());
    String[] noMapping =
        benchmarkCapturingStderr(
            "--data",
            data.toString(),
            "--mapping",
            dir.resolve("missing.json").toString(),
            "--out",
            out.toString());
    String[] dataIsADirectory =
        benchmarkCapturingStderr("--data", dir.toString(), "--mapping", mapping.toString());

    assertThat(noData[0]).isEqualTo("2");
    assertThat(noData[1].lines())
        .contains("tnet benchmark: --data: no such file: " + missing)
        .noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
    assertThat(noDataAlone[0]).isEqualTo("2");
    assertThat(noDataAlone[1].lines()).contains("tnet benchmark: --data: no such file: " + missing);
    assertThat(noMapping[0]).isEqualTo("2");
    assertThat(noMapping[1].lines())
        .contains("tnet benchmark: --mapping: no such file: " + dir.resolve("missing.json"));
    assertThat(dataIsADirectory[0]).isEqualTo("2");
    assertThat(dataIsADirectory[1].lines()).contains("tnet benchmark: --data: not a file: " + dir);
    assertThat(out).doesNotExist();
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
