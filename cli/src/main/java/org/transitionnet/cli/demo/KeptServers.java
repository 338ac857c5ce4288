package org.transitionnet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The record of a demo's running servers ({@code <out>/servers.json}: name, pid, ports), so that
 * {@code tnet demo --stop} and the next demo run can stop servers a {@code --keep-running} run left
 * up.
 */
public final class KeptServers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "servers.json";

  private KeptServers() {}

  /** Writes the record of the fleet's servers. */
  public static void write(Path outDir, List<LibertyServer> servers) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    for (LibertyServer s : servers) {
      ObjectNode node = list.addObject();
      node.put("name", s.name());
      node.put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
      node.put("pid", s.pid().orElse(-1L));
      node.put("http", s.ports().http());
      node.put("https", s.ports().https());
      if (s.ports().grpc() > 0) {
        node.put("grpc", s.ports().grpc());
        node.put("enrollment", s.ports().enrollment());
      }
      node.put("dir", s.dir().toString());
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("servers", list);
    JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve(FILE).toFile(), root);
  }

  /**
   * Stops the servers a previous run recorded in {@code outDir} that still run (SIGTERM, which
   * Liberty answers with an orderly stop, then SIGKILL), and removes the record.
   *
   * @return the names of the servers that were stopped
   */
  public static List<String> stopRecorded(Path outDir) throws IOException {
    Path file = outDir.resolve(FILE);
    List<String> stopped = new ArrayList<>();
    if (!Files.exists(file)) {
      return stopped;
    }
    JsonNode root = JSON.readTree(file.toFile());
    List<ProcessHandle> running = new ArrayList<>();
    for (JsonNode s : root.path("servers")) {
      Optional<ProcessHandle> handle = ProcessHandle.of(s.path("pid").asLong(-1));
      if (handle.isPresent() && handle.get().isAlive() && isJava(handle.get())) {
        running.add(handle.get());
        stopped.add(s.path("name").asText());
        handle.get().destroy();
      }
    }
    for (ProcessHandle h : running) {
      try {
        h.onExit().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
      } catch (Exception notYet) {
        h.destroyForcibly();
      }
    }
    Files.deleteIfExists(file);
    return stopped;
  }

  private static boolean isJava(ProcessHandle handle) {
    return handle.info().command().map(c -> c.endsWith("java")).orElse(true);
  }
}
