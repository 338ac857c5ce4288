package org.transitionnet.cli.research;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The coordinator's REST API as the CLI meets it, at the HTTP seam (unit tests only): checks HTTP
 * Basic ({@code ada:secret}), accepts job {@code j1} (refuses any other with the coordinator's
 * ApiError body), runs it for three rounds as it is polled, serves a leaderboard and model version
 * 3 (three float64 values).
 */
final class FakeCoordinatorApi implements AutoCloseable {

  static final String AUTH = "Basic YWRhOnNlY3JldA=="; // ada:secret
  static final double[] MODEL = {1.5, -2.25, 3.0e-7};

  private final HttpServer server;
  private final AtomicInteger polls = new AtomicInteger();
  private final List<String> bodies = new ArrayList<>();
  private final boolean fail;
  private volatile boolean dp;

  FakeCoordinatorApi(SSLContext tls, boolean failInRoundTwo) throws IOException {
    this.fail = failInRoundTwo;
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(any, 0);
    } else {
      HttpsServer https = HttpsServer.create(any, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/api/", this::handle);
    server.start();
  }

  String url() {
    return (server instanceof HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + server.getAddress().getPort();
  }

  synchronized List<String> bodies() {
    return List.copyOf(bodies);
  }

  private void handle(HttpExchange ex) throws IOException {
    if (!AUTH.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, "text/plain", "".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (method.equals("POST") && path.equals("/api/jobs")) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (this) {
        bodies.add(body);
      }
      dp = body.contains("dpEpsilon");
      if (!body.contains("\"j1\"")) {
        json(
            ex,
            400,
            "{\"status\":400,\"field\":\"strategy\",\"reason\":\"unknown strategy fedsgd\"}");
        return;
      }
      json(ex, 201, job(0, "SUBMITTED"));
    } else if (path.equals("/api/jobs/j1")) {
      int r = Math.min(3, polls.getAndIncrement());
      String status = r < 3 ? "RUNNING" : "COMPLETED";
      if (fail && r == 2) {
        status = "FAILED";
      }
      json(ex, 200, job(r, status));
    } else if (path.equals("/api/jobs")) {
      json(ex, 200, "[" + job(3, "COMPLETED") + "]");
    } else if (path.equals("/api/jobs/j1/leaderboard")) {
      json(ex, 200, "{\"task\":\"pbc-labs-v1\",\"methods\":[]}");
    } else if (path.equals("/api/tasks/pbc-labs-v1/leaderboard")) {
      json(ex, 200, "{\"task\":\"pbc-labs-v1\",\"methods\":[{\"job\":\"j1\"}]}");
    } else if (path.equals("/api/jobs/j1/models/3")) {
      ByteBuffer b = ByteBuffer.allocate(MODEL.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asDoubleBuffer().put(MODEL);
      send(ex, 200, "application/octet-stream", b.array());
    } else {
      json(ex, 404, "{\"status\":404,\"field\":\"jobId\",\"reason\":\"no job " + path + "\"}");
    }
  }

  /** Serves its job as a DP job from the start (as if submitted with dpEpsilon). */
  FakeCoordinatorApi withDp() {
    dp = true;
    return this;
  }

  private String job(int rounds, String status) {
    StringBuilder h = new StringBuilder();
    for (int r = 1; r <= rounds; r++) {
      h.append(r > 1 ? "," : "")
          .append("{\"round\":")
          .append(r)
          .append(",\"participants\":[\"a\",\"b\",\"c\"],\"reported\":[\"a\",\"b\"],")
          .append("\"totalSamples\":900,\"meanLoss\":")
          .append(1.0 / r)
          .append(
              dp
                  ? ",\"epsilonSpent\":{\"a\":"
                      + r
                      + ",\"b\":"
                      + r
                      + "},\"failures\":{\"c\":\"site privacy budget: spent\"}"
                  : "")
          .append("}");
    }
    return "{\"jobId\":\"j1\",\"status\":\""
        + status
        + "\",\"failure\":\""
        + (status.equals("FAILED") ? "quorum lost in round 3" : "")
        + "\",\"task\":\"pbc-labs-v1\",\"strategy\":\"fedavg\",\"rounds\":3,\"completedRounds\":"
        + rounds
        + ",\"evaluation\":\""
        + (status.equals("COMPLETED") ? "running (0 of 4 methods evaluated)" : "pending")
        + "\",\"roundHistory\":["
        + h
        + "]"
        + (dp
            ? ",\"dp\":{\"level\":\"record\",\"epsilon\":3.0,\"delta\":1e-5,\"clipNorm\":1.0},"
                + "\"epsilonSpent\":"
                + rounds
            : "")
        + "}";
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
