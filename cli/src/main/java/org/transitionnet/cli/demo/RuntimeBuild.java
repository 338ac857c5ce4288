package org.transitionnet.cli.demo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the demo runtime with the project's Maven wrapper when it is missing or older than the
 * sources it is made from ({@code node}, {@code coordinator}, {@code deploy}), so that {@code
 * ./tnet demo} works from a fresh clone.
 */
final class RuntimeBuild {

  private static final List<String> SOURCES =
      List.of(
          "pom.xml",
          "node/pom.xml",
          "node/src/main",
          "coordinator/pom.xml",
          "coordinator/src/main",
          "deploy/pom.xml",
          "deploy/src/main");

  private RuntimeBuild() {}

  /**
   * The project root: {@code tnet.home}, else the directory three levels above the jar or class
   * directory this class was loaded from ({@code <root>/cli/target/...}), if it holds {@code mvnw}.
   */
  static Optional<Path> projectRoot() {
    String home = System.getProperty("tnet.home");
    if (home != null && !home.isBlank()) {
      return Optional.of(Path.of(home).toAbsolutePath());
    }
    try {
      Path code =
          Path.of(RuntimeBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = code; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("deploy"))) {
          return Optional.of(p);
        }
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // not loaded from a file: no project to build in
    }
    return Optional.empty();
  }

  /** Whether the runtime under {@code root} is missing or older than a source file. */
  static boolean needed(Path root) throws IOException {
    Path marker = root.resolve(LibertyRuntime.DEFAULT_LOCATION).resolve("apps");
    Path node = marker.resolve(ServerRole.NODE.warName());
    Path coordinator = marker.resolve(ServerRole.COORDINATOR.warName());
    if (!Files.exists(node)
        || !Files.exists(coordinator)
        || !Files.exists(root.resolve(LibertyRuntime.DEFAULT_LOCATION).resolve("wlp"))) {
      return true;
    }
    FileTime built = Files.getLastModifiedTime(node);
    if (Files.getLastModifiedTime(coordinator).compareTo(built) < 0) {
      built = Files.getLastModifiedTime(coordinator);
    }
    for (String source : SOURCES) {
      Path p = root.resolve(source);
      if (!Files.exists(p)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(p)) {
        FileTime since = built;
        if (files.anyMatch(f -> isNewer(f, since))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isNewer(Path f, FileTime than) {
    try {
      return Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(than) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code ./mvnw -B -q -pl deploy -am package -DskipTests} in {@code root}, its output going
   * to {@code log}.
   *
   * @throws DemoFailure if the build fails, pointing at the log
   */
  static void build(Path root, Path log) throws DemoFailure {
    Path mvnw = root.resolve("mvnw");
    ProcessBuilder builder =
        new ProcessBuilder(
                mvnw.toString(),
                "-B",
                "-q",
                "-pl",
                // Not the cli: this JVM runs from its jar, which a rebuild would replace.
                "deploy,!cli",
                "-am",
                "package",
                "-Dmaven.test.skip=true",
                "-Dspotless.check.skip=true")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    try {
      Files.createDirectories(log.getParent());
      Process p = builder.start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new DemoFailure("building the demo runtime took over 30 minutes; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new DemoFailure(
            "building the demo runtime failed (exit "
                + p.exitValue()
                + "); end of "
                + log
                + ":\n"
                + LibertyServer.tail(log, 30));
      }
    } catch (IOException e) {
      throw new DemoFailure("could not run " + mvnw + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted while building the demo runtime", e);
    }
  }
}
