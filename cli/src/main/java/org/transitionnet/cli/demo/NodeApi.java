package org.transitionnet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The parts of a hospital node's REST API ({@code /api/datasets}) the demo uses. */
public final class NodeApi {

  /**
   * What one CSV import did, as the node reported it.
   *
   * @param rowsRead rows read
   * @param transitionsMade valid transitions the rows made
   * @param stored records newly stored
   * @param alreadyPresent valid records the node already had
   * @param rejected rows refused
   * @param outcome the node's word for the request as a whole
   * @param report the full report, for the record
   */
  public record ImportCounts(
      long rowsRead,
      long transitionsMade,
      long stored,
      long alreadyPresent,
      long rejected,
      String outcome,
      JsonNode report) {

    /** Refusals counted by reason ({@code rejectedByReason} of the node's report). */
    public java.util.Map<String, Long> rejectedByReason() {
      return counts("rejectedByReason");
    }

    /**
     * Transitions not made for a documented rule that is not an error (FHIR tasks' drop rules such
     * as {@code INTERVAL_TOO_LONG}), by reason.
     */
    public java.util.Map<String, Long> dropped() {
      return counts("dropped");
    }

    /** Milliseconds the node took to read, check and store, as it reported. */
    public long durationMillis() {
      return report == null ? 0 : report.path("durationMillis").asLong();
    }

    private java.util.Map<String, Long> counts(String key) {
      java.util.Map<String, Long> m = new java.util.TreeMap<>();
      if (report != null) {
        report.path(key).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
      }
      return m;
    }

    static ImportCounts of(JsonNode report) {
      return new ImportCounts(
          report.path("rowsRead").asLong(),
          report.path("transitionsMade").asLong(),
          report.path("stored").asLong(),
          report.path("alreadyPresent").asLong(),
          report.path("rejected").asLong(),
          report.path("outcome").asText("?"),
          report);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the demo reaches one node's REST API: its HTTPS address, the node's own certificate to
   * trust, and the users of its basic registry with this run's generated passwords.
   *
   * @param site the site
   * @param https {@code https://host:port}
   * @param tls trusts the node's HTTPS certificate (exported from its keystore)
   * @param passwords per role ({@link Role}), the user's password
   */
  public record Access(
      String site,
      URI https,
      javax.net.ssl.SSLContext tls,
      java.util.Map<Role, String> passwords) {}

  /** The node's roles, each with the demo user that holds it (users-basic.xml). */
  public enum Role {
    /** Mappings, imports, records. */
    DATA_STEWARD("steward"),
    /** Audit log, privacy ledger, reports. */
    AUDITOR("auditor"),
    /** Federation status. */
    NODE_ADMIN("admin");

    /** The user name in the node's basic registry. */
    public final String user;

    Role(String user) {
      this.user = user;
    }
  }

  private final String site;
  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /** Calls the node's API over HTTPS as the demo user holding {@code role}. */
  public NodeApi(Access access, Role role) {
    this.site = access.site();
    this.base = access.https();
    this.authorization =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    (role.user + ":" + access.passwords().get(role))
                        .getBytes(StandardCharsets.UTF_8));
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(access.tls())
            .build();
  }

  /** Stores (or replaces) a dataset's mapping. */
  public void putMapping(String dataset, String mappingJson) throws DemoFailure {
    send(
        HttpRequest.newBuilder(api(dataset + "/mapping"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(mappingJson))
            .build(),
        "store the mapping of " + dataset);
  }

  /** Imports a CSV file with the dataset's stored mapping. */
  public ImportCounts importCsv(String dataset, Path csv) throws DemoFailure {
    String source = URLEncoder.encode(csv.getFileName().toString(), StandardCharsets.UTF_8);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(api(dataset + "/csv?mode=partial&source=" + source))
              .header("Content-Type", "text/csv")
              .timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.ofFile(csv))
              .build();
    } catch (IOException e) {
      throw new DemoFailure("cannot read " + csv + ": " + e.getMessage(), e);
    }
    return ImportCounts.of(send(request, "import " + csv.getFileName() + " into " + dataset));
  }

  /**
   * Stores (or replaces) the FHIR extraction task of a dataset ({@code PUT
   * /api/datasets/{name}/fhir-task}); the dataset is then fed by FHIR imports.
   */
  public void putFhirTask(String dataset, String taskJson) throws DemoFailure {
    send(
        HttpRequest.newBuilder(api(dataset + "/fhir-task"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(taskJson))
            .build(),
        "store the FHIR task of " + dataset);
  }

  /**
   * Imports a FHIR Bulk Data export directory the node reads itself ({@code POST
   * /api/datasets/{name}/fhir/bulk-directory}); {@code path} is relative to the node's {@code
   * fhir.import.root}.
   */
  public ImportCounts importFhirDirectory(String dataset, String path) throws DemoFailure {
    HttpRequest request =
        HttpRequest.newBuilder(api(dataset + "/fhir/bulk-directory?mode=partial"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(10))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode().put("path", path).toString()))
            .build();
    return ImportCounts.of(send(request, "import the FHIR export " + path + " into " + dataset));
  }

  /** The number of records a dataset holds, from {@code GET /api/datasets}. */
  public long records(String dataset) throws DemoFailure {
    JsonNode list =
        send(HttpRequest.newBuilder(api("")).GET().build(), "list the datasets").path("datasets");
    for (JsonNode d : list) {
      if (dataset.equals(d.path("name").asText())) {
        return d.path("records").asLong();
      }
    }
    return 0;
  }

  /**
   * The node's federation status, {@code GET /api/federation}: {@code enabled}, {@code enrolled},
   * {@code connected}, {@code state}, {@code problem}, ...
   */
  public JsonNode federationStatus() throws DemoFailure {
    return send(
        HttpRequest.newBuilder(base.resolve("/api/federation"))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        "read its federation status");
  }

  /**
   * The node's outbound audit log for one job ({@code GET /api/federation/audit?job=}): that job's
   * messages by kind ({@code counts}), a page of its entries (each names its job, round and
   * attempt, kind, size and hash, never contents) and the whole log's check ({@code verification}).
   */
  public JsonNode audit(String jobId) throws DemoFailure {
    return send(
        HttpRequest.newBuilder(
                base.resolve(
                    "/api/federation/audit?limit=100&job="
                        + java.net.URLEncoder.encode(
                            jobId, java.nio.charset.StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        "read its outbound audit log");
  }

  /**
   * The site's privacy ledger ({@code GET /api/privacy/ledger}: budget, epsilon spent and remaining
   * per DP level), or empty when this node build has none (404).
   */
  public java.util.Optional<JsonNode> privacyLedger() throws DemoFailure {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/privacy/ledger"))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    try {
      HttpResponse<String> response =
          http.send(authorized(request), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return java.util.Optional.empty();
      }
    } catch (IOException e) {
      throw new DemoFailure(site + ": could not read its privacy ledger: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure(site + ": interrupted while reading its privacy ledger", e);
    }
    return java.util.Optional.of(send(request, "read its privacy ledger"));
  }

  private URI api(String path) {
    return base.resolve("/api/datasets" + (path.isEmpty() ? "" : "/" + path));
  }

  /** The request with this caller's credentials. */
  private HttpRequest authorized(HttpRequest request) {
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header("Authorization", authorization)
        .build();
  }

  private JsonNode send(HttpRequest request, String what) throws DemoFailure {
    try {
      HttpResponse<String> response =
          http.send(authorized(request), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new DemoFailure(
            site
                + ": could not "
                + what
                + ": HTTP "
                + response.statusCode()
                + " from "
                + request.uri()
                + ": "
                + abbreviate(response.body()));
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new DemoFailure(site + ": could not " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure(site + ": interrupted while trying to " + what, e);
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
  }
}
