package org.transitionnet.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for the coordinator, for the browser test: serves the dashboard's packaged resources
 * ({@code META-INF/resources/dashboard/**} from the class path, as the coordinator WAR does) at
 * {@code /dashboard/} and a recorded REST API fixture at {@code /api/}: three sites, a completed
 * job, and a running job whose rounds complete one every {@code roundPeriod} from the moment the
 * server starts (or {@link #restartRunningJob} is called) — so a page that polls sees the rounds
 * advance. The leaderboard of every job is the recorded {@code fixture/leaderboard.json}.
 */
final class FixtureCoordinator implements AutoCloseable {

  static final String RUNNING_JOB = "fedavg-pbc";
  static final String COMPLETED_JOB = "fedprox-pbc";
  static final int RUNNING_ROUNDS = 40;

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "txt", "text/plain; charset=utf-8");

  private final HttpServer server;
  private volatile Instant started = Instant.now();
  private final Duration roundPeriod;
  private final String leaderboard;
  private final List<String> requests = new ArrayList<>();

  FixtureCoordinator(Duration roundPeriod) throws IOException {
    this.roundPeriod = roundPeriod;
    this.leaderboard = resource("fixture/leaderboard.json");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/dashboard", this::dashboard);
    server.createContext("/api/", this::api);
    server.start();
  }

  URI dashboardUri(String query) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dashboard/" + query);
  }

  String leaderboardJson() {
    return leaderboard;
  }

  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Starts the running job over from round 0 (each test that watches it gets a fresh run). */
  void restartRunningJob() {
    started = Instant.now();
  }

  /** Rounds of the running job completed by now. */
  int completedRounds() {
    long elapsed = Duration.between(started, Instant.now()).toMillis();
    return (int) Math.min(RUNNING_ROUNDS, elapsed / roundPeriod.toMillis());
  }

  private void dashboard(HttpExchange ex) throws IOException {
    record(ex);
    String path = ex.getRequestURI().getPath();
    if (path.equals("/dashboard")) {
      ex.getResponseHeaders().add("Location", "/dashboard/");
      send(ex, 301, "text/plain", "");
      return;
    }
    String file =
        path.equals("/dashboard/") ? "index.html" : path.substring("/dashboard/".length());
    if (file.contains("..")) {
      send(ex, 400, "text/plain", "bad path");
      return;
    }
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/resources/dashboard/" + file)) {
      if (in == null) {
        send(ex, 404, "text/plain", "not found");
        return;
      }
      String ext = file.substring(file.lastIndexOf('.') + 1);
      byte[] body = in.readAllBytes();
      ex.getResponseHeaders()
          .add("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    }
  }

  private void api(HttpExchange ex) throws IOException {
    record(ex);
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/api/sites" -> send(ex, 200, "application/json", sites());
      case "/api/jobs" ->
          send(ex, 200, "application/json", "[" + completedJob() + "," + runningJob() + "]");
      case "/api/jobs/" + RUNNING_JOB + "/leaderboard",
          "/api/jobs/" + COMPLETED_JOB + "/leaderboard" ->
          send(ex, 200, "application/json", leaderboard);
      default -> send(ex, 404, "application/json", "{\"error\":\"no such resource\"}");
    }
  }

  private static String sites() {
    return """
        [{"siteId":"site-a","status":"enrolled","certificateSerial":"0a1b","connected":true,
          "lastHeartbeat":"2026-11-22T10:00:01Z"},
         {"siteId":"site-b","status":"enrolled","certificateSerial":"0a1c","connected":true,
          "lastHeartbeat":"2026-11-22T10:00:02Z"},
         {"siteId":"site-c","status":"revoked","certificateSerial":"0a1d","connected":false,
          "lastHeartbeat":null}]
        """;
  }

  private String runningJob() {
    int done = completedRounds();
    return job(
        RUNNING_JOB,
        done < RUNNING_ROUNDS ? "RUNNING" : "COMPLETED",
        "fedavg",
        RUNNING_ROUNDS,
        done);
  }

  private static String completedJob() {
    return job(COMPLETED_JOB, "COMPLETED", "fedprox", 5, 5);
  }

  private static String job(String id, String status, String strategy, int rounds, int done) {
    StringBuilder history = new StringBuilder();
    for (int r = 1; r <= done; r++) {
      if (r > 1) {
        history.append(',');
      }
      double loss = 1.4 * Math.exp(-r / 8.0) + 0.35;
      history.append(
          String.format(
              Locale.ROOT,
              "{\"round\":%d,\"attempt\":1,\"participants\":[\"site-a\",\"site-b\"],"
                  + "\"reported\":[\"site-a\",\"site-b\"],\"totalSamples\":%d,\"meanLoss\":%.6f,"
                  + "\"closedBy\":\"ALL_REPORTED\",\"started\":\"2026-11-22T10:00:00Z\","
                  + "\"closed\":\"2026-11-22T10:00:01Z\"}",
              r,
              1000 + r,
              loss));
    }
    return String.format(
        Locale.ROOT,
        "{\"jobId\":\"%s\",\"status\":\"%s\",\"failure\":\"\",\"active\":true,"
            + "\"task\":\"pbc-labs-v1\",\"modelSpec\":\"transition-mlp\",\"strategy\":\"%s\","
            + "\"rounds\":%d,\"completedRounds\":%d,\"minSites\":2,\"roundTimeoutSeconds\":300,"
            + "\"secureAggregation\":true,\"parameterCount\":2732,\"researcher\":\"ada\","
            + "\"decisions\":{},\"roundHistory\":[%s]}",
        id,
        status,
        strategy,
        rounds,
        done,
        history);
  }

  private synchronized void record(HttpExchange ex) {
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private static String resource(String name) {
    try (InputStream in = FixtureCoordinator.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
