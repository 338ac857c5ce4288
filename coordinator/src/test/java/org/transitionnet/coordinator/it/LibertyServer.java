package org.transitionnet.coordinator.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Open Liberty server run in the foreground ({@code server run}) as a child process, so the
 * test holds the JVM's PID and can SIGKILL it.
 */
final class LibertyServer {

  private final Path wlp;
  private final String name;
  private final int httpPort;
  private Process process;

  LibertyServer(Path wlp, String name, int httpPort) {
    this.wlp = wlp;
    this.name = name;
    this.httpPort = httpPort;
  }

  Path directory() {
    return wlp.resolve("usr/servers").resolve(name);
  }

  String name() {
    return name;
  }

  /**
   * Removes what earlier runs left: database, keystores, work area. The logs (and any JVM crash
   * file) of an earlier run are kept under {@code target/it-logs}, so that when failsafe reruns a
   * failed class the first run's server logs are still there to read.
   */
  void wipeState() throws IOException {
    keepLogs();
    for (String sub : new String[] {"data", "federation", "workarea", "tranlog"}) {
      deleteTree(directory().resolve(sub));
    }
  }

  /** Moves the server's logs and hs_err files to {@code target/it-logs/<name>-<n>}. */
  void keepLogs() throws IOException {
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      return;
    }
    Path kept = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String fileName = file.getFileName().toString();
        if (fileName.equals("logs") || fileName.startsWith("hs_err")) {
          if (kept == null) {
            kept = nextKeptDirectory();
          }
          Files.move(file, kept.resolve(fileName));
        }
      }
    }
  }

  private Path nextKeptDirectory() throws IOException {
    Path root = Path.of("target", "it-logs");
    Files.createDirectories(root);
    for (int n = 1; ; n++) {
      Path candidate = root.resolve(name + "-" + n);
      if (!Files.exists(candidate)) {
        return Files.createDirectories(candidate);
      }
    }
  }

  /** Writes a configDropins override that sets Liberty variables (also MicroProfile Config). */
  void setVariables(Map<String, String> variables) throws IOException {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n");
    variables.forEach(
        (k, v) ->
            xml.append("  <variable name=\"")
                .append(k)
                .append("\" value=\"")
                .append(v.replace("&", "&amp;").replace("\"", "&quot;"))
                .append("\"/>\n"));
    xml.append("</server>\n");
    Path dropins = directory().resolve("configDropins/overrides");
    Files.createDirectories(dropins);
    Files.writeString(dropins.resolve("it-variables.xml"), xml.toString());
  }

  /**
   * Writes the server's {@code bootstrap.properties} (replacing it): what must be known before
   * server.xml is read, e.g. {@code db.kind}, which picks the included datasource file.
   */
  void setBootstrapProperties(Map<String, String> properties) throws IOException {
    StringBuilder text = new StringBuilder("# written by the integration test\n");
    properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(directory().resolve("bootstrap.properties"), text.toString());
  }

  void start() throws IOException {
    Files.createDirectories(directory().resolve("logs"));
    ProcessBuilder builder =
        new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    directory().resolve("logs/it-console.log").toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("JVM_ARGS", "-Xmx1g -XX:TieredStopAtLevel=1");
    process = builder.start();
  }

  /** Waits until {@code /health/ready} answers 200 (UP). */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> answer =
            client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(name + " not ready within " + timeout);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no orderly stop. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** SIGTERM: Liberty stops in order. */
  void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
