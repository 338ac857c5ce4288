package org.transitionnet.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transitionnet.node.it.NodeHttp.User;

/**
 * Who may call what on a real node (the Liberty server the build starts): every {@code /api} path
 * refuses a caller without credentials (401) or with a wrong password (401), and a user whose role
 * the path does not allow (403); patient-level records are the data steward's alone; the plain HTTP
 * port hands out no API at all.
 */
class NodeAccessIT {

  /**
   * One endpoint and the users allowed to call it.
   *
   * @param method the HTTP method
   * @param path the path
   * @param allowed who may call it
   */
  record Endpoint(String method, String path, Set<User> allowed) {
    HttpRequest.Builder request() {
      HttpRequest.Builder b = NodeHttp.request(path).timeout(Duration.ofSeconds(30));
      // the content type each endpoint consumes, so the role check is what answers
      String type =
          path.endsWith("/csv")
              ? "text/csv"
              : path.endsWith("/ndjson") ? "multipart/form-data; boundary=x" : "application/json";
      if (type.startsWith("multipart")) {
        b.header("X-Requested-By", "NodeAccessIT");
      }
      return switch (method) {
        case "GET" -> b.GET();
        case "PUT" -> b.header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofString("{}"));
        default -> b.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("{}"));
      };
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final Set<User> STEWARD = EnumSet.of(User.STEWARD);

  /** Every resource method of the node's API (NodeRolesTest checks none lacks a role). */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET", "/api/datasets", EnumSet.allOf(User.class)),
          new Endpoint("PUT", "/api/datasets/access-it/mapping", STEWARD),
          new Endpoint("GET", "/api/datasets/access-it/mapping", STEWARD),
          new Endpoint("POST", "/api/datasets/access-it/csv", STEWARD),
          new Endpoint("POST", "/api/datasets/access-it/records", STEWARD),
          new Endpoint("GET", "/api/datasets/access-it/records", STEWARD),
          new Endpoint(
              "GET",
              "/api/datasets/access-it/reports/none",
              EnumSet.of(User.STEWARD, User.AUDITOR)),
          new Endpoint("PUT", "/api/datasets/access-it/fhir-task", STEWARD),
          new Endpoint("GET", "/api/datasets/access-it/fhir-task", STEWARD),
          new Endpoint("POST", "/api/datasets/access-it/fhir/bundle", STEWARD),
          new Endpoint("POST", "/api/datasets/access-it/fhir/ndjson", STEWARD),
          new Endpoint("POST", "/api/datasets/access-it/fhir/bulk-directory", STEWARD),
          new Endpoint("GET", "/api/federation", EnumSet.of(User.ADMIN, User.AUDITOR)),
          new Endpoint("GET", "/api/federation/audit", EnumSet.of(User.ADMIN, User.AUDITOR)),
          new Endpoint("GET", "/api/privacy/ledger", EnumSet.of(User.ADMIN, User.AUDITOR)),
          new Endpoint("GET", "/metrics", EnumSet.of(User.ADMIN, User.AUDITOR)));

  @BeforeAll
  static void nodeIsReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline
        && NodeHttp.send(NodeHttp.request("/api/datasets").GET(), User.STEWARD).statusCode()
            != 200) {
      Thread.sleep(1000);
    }
  }

  @Test
  void everyEndpoint_withoutCredentials_is401() throws Exception {
    for (Endpoint e : ENDPOINTS) {
      HttpResponse<String> r = NodeHttp.send(e.request(), null);
      assertThat(r.statusCode()).as("%s without credentials: %s", e, r.body()).isEqualTo(401);
      assertThat(r.body()).as("%s leaks nothing", e).doesNotContain("records");
    }
  }

  @Test
  void everyEndpoint_withAWrongPassword_is401() throws Exception {
    for (Endpoint e : ENDPOINTS) {
      HttpRequest.Builder request =
          e.request().header("Authorization", NodeHttp.basic("steward", "not-the-password-1"));
      HttpResponse<String> r =
          NodeHttp.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%s with a wrong password", e).isEqualTo(401);
    }
  }

  @Test
  void everyEndpoint_refusesTheRolesItDoesNotAllow_with403_andAdmitsTheOthers() throws Exception {
    for (Endpoint e : ENDPOINTS) {
      for (User user : User.values()) {
        HttpResponse<String> r = NodeHttp.send(e.request(), user);
        if (e.allowed().contains(user)) {
          assertThat(r.statusCode()).as("%s as %s: %s", e, user, r.body()).isNotIn(401, 403);
        } else {
          assertThat(r.statusCode()).as("%s as %s: %s", e, user, r.body()).isEqualTo(403);
        }
      }
    }
  }

  @Test
  void records_areRefusedToTheAuditorAndTheAdministrator() throws Exception {
    for (User user : List.of(User.AUDITOR, User.ADMIN)) {
      HttpResponse<String> r =
          NodeHttp.send(NodeHttp.request("/api/datasets/access-it/records").GET(), user);
      assertThat(r.statusCode()).as(user.name).isEqualTo(403);
    }
  }

  @Test
  void plainHttpPort_servesNoApi_onlyTheRedirectToHttps_andHealth() throws Exception {
    HttpResponse<String> api =
        NodeHttp.send(
            HttpRequest.newBuilder(URI.create(NodeHttp.HTTP_BASE + "/api/datasets")).GET(),
            User.STEWARD);
    assertThat(api.statusCode()).as(api.body()).isBetween(300, 399);
    assertThat(api.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("https://"));
    assertThat(api.body()).doesNotContain("datasets\"");

    HttpResponse<String> health =
        NodeHttp.send(
            HttpRequest.newBuilder(URI.create(NodeHttp.HTTP_BASE + "/health/ready")).GET(), null);
    assertThat(health.statusCode()).isEqualTo(200);
  }

  /**
   * A page on another site that the steward visits cannot make the browser import data with the
   * steward's cached credentials: a cross-site form (text/plain, no custom header) and a request
   * naming a foreign Origin are refused, and the dataset holds nothing afterwards.
   */
  @Test
  void crossSiteForms_areRefused_andStoreNothing() throws Exception {
    String ds = "csrf-" + Long.toString(System.currentTimeMillis(), 36);
    HttpResponse<String> mapping =
        NodeHttp.send(
            NodeHttp.request("/api/datasets/" + ds + "/mapping")
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        java.nio.file.Files.readString(
                            java.nio.file.Path.of("../datasets/pbc/pbc-mapping.json")))),
            User.STEWARD);
    assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(200);
    String csv =
        String.join(
                "\n",
                java.nio.file.Files.readAllLines(
                        java.nio.file.Path.of("../datasets/pbc/pbcseq.csv"))
                    .subList(0, 40))
            + "\n";

    HttpResponse<String> form =
        NodeHttp.send(
            NodeHttp.request("/api/datasets/" + ds + "/csv")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(csv)),
            User.STEWARD);
    assertThat(form.statusCode()).as(form.body()).isEqualTo(403);
    assertThat(form.body()).contains("X-Requested-By");

    HttpResponse<String> foreign =
        NodeHttp.send(
            NodeHttp.request("/api/datasets/" + ds + "/csv")
                .header("Content-Type", "text/csv")
                .header("Origin", "https://attacker.example")
                .POST(HttpRequest.BodyPublishers.ofString(csv)),
            User.STEWARD);
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
    assertThat(foreign.body()).contains("attacker.example");

    HttpResponse<String> list =
        NodeHttp.send(NodeHttp.request("/api/datasets").GET(), User.STEWARD);
    com.fasterxml.jackson.databind.JsonNode datasets =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(list.body()).get("datasets");
    for (com.fasterxml.jackson.databind.JsonNode d : datasets) {
      if (d.get("name").asText().equals(ds)) {
        assertThat(d.get("records").asLong()).as("records after refused requests").isZero();
      }
    }

    // the same upload from the node's own API client (the header, no foreign Origin) is taken
    HttpResponse<String> own =
        NodeHttp.send(
            NodeHttp.request("/api/datasets/" + ds + "/csv")
                .header("Content-Type", "text/plain")
                .header("X-Requested-By", "tnet")
                .POST(HttpRequest.BodyPublishers.ofString(csv)),
            User.STEWARD);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
  }
}
