package org.transitionnet.coordinator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded H2 database of the coordinator and of the node, opened with the JDBC URL their
 * Liberty configuration ships, keeps every commit when the JVM is killed right after it: a child
 * JVM commits rows one by one and halts without any shutdown, and all rows are there on reopening.
 * With H2's default write delay the last half second of commits (a finished round, a privacy ledger
 * charge) would be lost.
 */
class H2DurabilityTest {

  private static final Pattern URL = Pattern.compile("URL=\"([^\"]+)\"");
  private static final int ROWS = 200;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "src/main/liberty/config/datasource-h2.xml",
        "../node/src/main/liberty/config/datasource-h2.xml"
      })
  void everyCommitSurvivesAKilledJvm(String config, @TempDir Path dir) throws Exception {
    Matcher m = URL.matcher(Files.readString(Path.of(config)));
    assertThat(m.find()).as("a JDBC URL in %s", config).isTrue();
    String url = m.group(1).replace("${db.h2.file}", dir.resolve("db").toString());

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CommitThenHalt.class.getName(),
                url,
                Integer.toString(ROWS))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue())
        .as("child log: %s", Files.readString(dir.resolve("child.log")))
        .isEqualTo(CommitThenHalt.HALTED);

    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM commits")) {
      r.next();
      assertThat(r.getInt(1)).as("rows committed before the kill").isEqualTo(ROWS);
    }
  }

  /** The child JVM: commits {@code rows} single-row transactions, then halts (no shutdown). */
  public static final class CommitThenHalt {
    static final int HALTED = 9;

    public static void main(String[] args) throws Exception {
      Connection c = DriverManager.getConnection(args[0], "sa", "");
      c.createStatement().execute("CREATE TABLE commits (n INT)");
      c.setAutoCommit(false);
      for (int i = 0; i < Integer.parseInt(args[1]); i++) {
        c.createStatement().execute("INSERT INTO commits VALUES (" + i + ")");
        c.commit();
      }
      Runtime.getRuntime().halt(HALTED);
    }

    private CommitThenHalt() {}
  }
}
