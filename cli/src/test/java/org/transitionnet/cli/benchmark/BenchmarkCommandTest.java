package org.transitionnet.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.cli.Tnet;
import org.transitionnet.metrics.Metric;

/** {@code tnet benchmark} on a made-up wide-layout trial it has never seen, given its mapping. */
class BenchmarkCommandTest {

  private static final String MAPPING =
      """
      {
        "dataset": "made-up-bp-trial",
        "layout": "wide",
        "subject": "patient",
        "time": {"unit": "wk"},
        "pairing": "baseline",
        "context": [
          {"column": "age", "name": "age", "unit": "a"},
          {"column": "centre", "name": "centre", "type": "categorical", "levels": ["north", "south", "east"]}
        ],
        "series": {"sbp.0": 0, "sbp.4": 4, "sbp.12": 12},
        "state": [{"name": "sbp", "unit": "mm[Hg]", "transform": "log"}],
        "action": {
          "column": "arm",
          "levels": {
            "A": {"type": "drug", "name": "Pressadol"},
            "P": {"type": "placebo", "name": "placebo"}
          },
          "randomized": true
        },
        "targets": ["sbp"]
      }
      """;

  private static String csv(int patients, long seed) {
    Random rnd = new Random(seed);
    StringBuilder s = new StringBuilder("patient,age,centre,arm,sbp.0,sbp.4,sbp.12\n");
    String[] centres = {"north", "south", "east"};
    for (int p = 1; p <= patients; p++) {
      boolean drug = rnd.nextBoolean();
      double sbp0 = 150 + 12 * rnd.nextGaussian();
      double drop = drug ? 12 : 2;
      s.append(
          String.format(
              Locale.ROOT,
              "p%d,%.1f,%s,%s,%.1f,%.1f,%.1f%n",
              p,
              45 + 20 * rnd.nextDouble(),
              centres[p % 3],
              drug ? "A" : "P",
              sbp0,
              sbp0 - drop / 2 + 5 * rnd.nextGaussian(),
              sbp0 - drop + 5 * rnd.nextGaussian()));
    }
    return s.toString();
  }

  @Test
  // k = 5: by chance one centre's test set has only 8 control records (k = 10 would report a null
  // effect_error there, by design)
  void unseenWideTrial_sitesByColumn_writesACompleteLeaderboard(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("bp.csv");
    Path mapping = dir.resolve("bp-mapping.json");
    Files.writeString(data, csv(300, 7));
    Files.writeString(mapping, MAPPING);
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
    Files.writeString(data, csv(12, 1));
    Files.writeString(mapping, MAPPING);
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
}
