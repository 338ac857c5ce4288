package org.transitionnet.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Open Liberty server of the demo: its own server directory under a shared user directory
 * ({@code WLP_USER_DIR}), run in the foreground ({@code server run}, so this JVM owns the server's
 * process) and stopped with {@code server stop}, then by signal if it does not exit.
 */
public final class LibertyServer {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  private final LibertyRuntime runtime;
  private final Path userDir;
  private final String name;
  private final ServerRole role;
  private final ServerPorts ports;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Process process;

  private LibertyServer(
      LibertyRuntime runtime, Path userDir, String name, ServerRole role, ServerPorts ports) {
    this.runtime = runtime;
    this.userDir = userDir;
    this.name = name;
    this.role = role;
    this.ports = ports;
  }

  /**
   * Writes a fresh server directory {@code <userDir>/servers/<name>}: the role's configuration, the
   * JDBC drivers, the application and a {@code bootstrap.properties} with the ports and {@code
   * variables}.
   */
  public static LibertyServer create(
      LibertyRuntime runtime,
      Path userDir,
      String name,
      ServerRole role,
      ServerPorts ports,
      Map<String, String> variables) {
    LibertyServer server = new LibertyServer(runtime, userDir, name, role, ports);
    try {
      server.writeServerDirectory(variables);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the server directory of " + name, e);
    }
    return server;
  }

  private void writeServerDirectory(Map<String, String> variables) throws IOException {
    Path dir = dir();
    clearExceptWorkarea(dir);
    Files.createDirectories(dir.resolve("apps"));
    Files.createDirectories(dir.resolve("logs"));
    Path base = runtime.configDir(role).resolve("base");
    if (Files.isDirectory(base)) {
      // The role module's own configuration, included unchanged by the deployable server.xml.
      copyFiles(base, dir, role.configName() + "-base.xml", true);
    }
    copyFiles(runtime.configDir(role), dir, "server.xml", false);
    copyFiles(runtime.commonConfigDir(), dir.resolve("common"), null, false);
    copyFiles(runtime.jdbcDir(), dir.resolve("jdbc"), null, false);
    if (Files.isDirectory(runtime.dl4jDir())) {
      // ~150 MB of jars shared by every server directory: linked, not copied.
      Files.createDirectories(dir.resolve("lib"));
      Files.createSymbolicLink(dir.resolve("lib").resolve("dl4j"), runtime.dl4jDir());
    }
    Files.copy(
        runtime.war(role),
        dir.resolve("apps").resolve(role.warName()),
        StandardCopyOption.REPLACE_EXISTING);

    Map<String, String> bootstrap = new LinkedHashMap<>();
    bootstrap.put("http.host", "127.0.0.1");
    bootstrap.put("http.port", Integer.toString(ports.http()));
    bootstrap.put("https.port", Integer.toString(ports.https()));
    if (ports.grpc() > 0) {
      bootstrap.put("grpc.host", "127.0.0.1");
      bootstrap.put("grpc.port", Integer.toString(ports.grpc()));
      bootstrap.put("enrollment.port", Integer.toString(ports.enrollment()));
    }
    bootstrap.putAll(variables);
    StringBuilder text = new StringBuilder("# written by tnet demo\n");
    bootstrap.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
    Files.writeString(dir.resolve("bootstrap.properties"), text.toString());
    Files.writeString(
        dir.resolve("jvm.options"),
        String.join(
                "\n",
                "-Xms64m",
                "-Xmx1g",
                // Four servers start at once on a small machine: less JIT and GC work at start.
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto")
            + "\n");
  }

  /**
   * Empties an earlier run's server directory (data, logs, configuration) but keeps {@code
   * workarea/}: it holds only Liberty's caches (resolved features, bundles), and keeping it makes
   * the next start several times faster.
   */
  private static void clearExceptWorkarea(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals("workarea")) {
          deleteTree(entry);
        }
      }
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
      Files.deleteIfExists(path);
      return;
    }
    try (Stream<Path> children = Files.list(path)) {
      for (Path child : children.toList()) {
        deleteTree(child);
      }
    }
    Files.delete(path);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }

  /**
   * Copies {@code from} into {@code to}: files, and sub-directories recursively when {@code
   * recursive} (a module's config dir may hold e.g. {@code tasks/}); a top-level server.xml is
   * renamed if asked.
   */
  private static void copyFiles(Path from, Path to, String serverXmlName, boolean recursive)
      throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        String fileName = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          if (recursive) {
            copyFiles(entry, to.resolve(fileName), null, true);
          }
          continue;
        }
        String target =
            serverXmlName != null && fileName.equals("server.xml") ? serverXmlName : fileName;
        Files.copy(entry, to.resolve(target), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Starts the server in the background of this JVM; returns at once. */
  public void start() throws DemoFailure {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    ProcessBuilder builder = command("run");
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.to(consoleLog().toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new DemoFailure("could not launch Liberty server " + name + ": " + e.getMessage(), e);
    }
  }

  private ProcessBuilder command(String action) {
    ProcessBuilder builder =
        new ProcessBuilder(runtime.serverScript().toString(), action, name)
            .directory(userDir.toFile());
    Map<String, String> env = builder.environment();
    env.put("WLP_USER_DIR", userDir.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("OMP_NUM_THREADS", "1");
    // Settings meant for the calling JVM must not leak into the servers.
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("JVM_ARGS");
    env.remove("WLP_OUTPUT_DIR");
    return builder;
  }

  /**
   * Waits until {@code /health/ready} answers UP.
   *
   * @throws DemoFailure if the server exits or is not ready in time, with the end of its log
   */
  public void awaitReady(Duration timeout) throws DemoFailure {
    Instant deadline = Instant.now().plus(timeout);
    URI ready = baseUri().resolve("/health/ready");
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new DemoFailure(
            "Liberty server "
                + name
                + " exited before it was ready (exit code "
                + (p == null ? "?" : p.exitValue())
                + "); end of its log:\n"
                + tail(consoleLog(), 30));
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted while waiting for " + name, e);
      }
      sleep(Duration.ofMillis(500));
    }
    throw new DemoFailure(
        "Liberty server "
            + name
            + " was not ready after "
            + timeout.toSeconds()
            + " s (last answer: "
            + last
            + "); end of its messages.log:\n"
            + tail(dir().resolve("logs").resolve("messages.log"), 30));
  }

  /**
   * Stops the server: {@code server stop}, then SIGTERM, then SIGKILL for the server process and
   * anything it started. Safe to call more than once and on a server that never started.
   *
   * @return true if the server stopped with {@code server stop} alone
   */
  public boolean stop() {
    Process p = process;
    if (p == null) {
      return true;
    }
    boolean clean = false;
    if (p.isAlive()) {
      try {
        Process stopper = command("stop").redirectErrorStream(true).start();
        stopper.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!stopper.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
          stopper.destroyForcibly();
        }
      } catch (IOException e) {
        // fall through to the signals below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      clean = waitForExit(p, STOP_GRACE);
    } else {
      clean = true;
    }
    if (!clean) {
      List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
      p.destroy();
      if (!waitForExit(p, KILL_GRACE)) {
        p.destroyForcibly();
        waitForExit(p, KILL_GRACE);
      }
      tree.forEach(ProcessHandle::destroyForcibly);
    }
    return clean;
  }

  private static boolean waitForExit(Process p, Duration grace) {
    try {
      return p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  private static void sleep(Duration d) throws DemoFailure {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted", e);
    }
  }

  /** The last {@code lines} lines of a log file, or a note that it does not exist. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  public String name() {
    return name;
  }

  public ServerRole role() {
    return role;
  }

  public ServerPorts ports() {
    return ports;
  }

  /** The server's directory, {@code <userDir>/servers/<name>}. */
  public Path dir() {
    return userDir.resolve("servers").resolve(name);
  }

  /** Where the server's console output goes. */
  public Path consoleLog() {
    return dir().resolve("logs").resolve("console.log");
  }

  /** {@code http://127.0.0.1:<http port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + ports.http());
  }

  /** The server's process id while it runs. */
  public Optional<Long> pid() {
    Process p = process;
    return p != null && p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }
}
