package org.transitionnet.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's REST API against a real Open Liberty server that the build starts before and stops
 * after the integration tests (H2 by default, PostgreSQL with {@code -Ddb.kind=postgresql}). Each
 * test works in datasets of its own, so the tests do not depend on each other or on what an earlier
 * run left in the database.
 */
class NodeApiIT {

  private static final String BASE = NodeHttp.BASE;
  private static final Path PBC = Path.of("../datasets/pbc");
  private static final int PBC_TRANSITIONS = 1633;
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final AtomicInteger DATASETS = new AtomicInteger();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String mapping;
  private static List<String> pbcLines;

  @BeforeAll
  static void nodeIsReady() throws Exception {
    mapping = Files.readString(PBC.resolve("pbc-mapping.json"));
    pbcLines = Files.readAllLines(PBC.resolve("pbcseq.csv"));
    // The server reports started before the application may be; wait for the API and readiness.
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline
        && (get("/api/datasets").statusCode() != 200 || get("/health/ready").statusCode() != 200)) {
      Thread.sleep(1000);
    }
    assertThat(get("/api/datasets").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
  }

  @Test
  void pbcImport_stores1633Transitions_andASecondIdenticalImportAddsNone() throws Exception {
    String ds = newDataset();

    HttpResponse<String> first = postCsv(ds, csv(pbcLines), "");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode report = json(first.body());
    assertThat(report.get("rowsRead").asLong()).isEqualTo(pbcLines.size() - 1);
    assertThat(report.get("stored").asLong()).isEqualTo(PBC_TRANSITIONS);
    assertThat(report.get("rejected").asLong()).isZero();
    assertThat(datasetRecords(ds)).isEqualTo(PBC_TRANSITIONS);

    JsonNode page = json(get("/api/datasets/" + ds + "/records?offset=10&limit=5").body());
    assertThat(page.get("total").asLong()).isEqualTo(PBC_TRANSITIONS);
    assertThat(page.get("records")).hasSize(5);
    JsonNode one = page.get("records").get(0);
    assertThat(one.get("provenance").get("dataset").asText()).isEqualTo(ds);
    assertThat(one.get("baselineState").get("variables")).isNotEmpty();

    HttpResponse<String> second = postCsv(ds, csv(pbcLines), "");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
    JsonNode again = json(second.body());
    assertThat(again.get("stored").asLong()).isZero();
    assertThat(again.get("alreadyPresent").asLong()).isEqualTo(PBC_TRANSITIONS);
    assertThat(datasetRecords(ds)).isEqualTo(PBC_TRANSITIONS);

    String location = second.headers().firstValue("Location").orElseThrow();
    JsonNode kept = json(send(HttpRequest.newBuilder(URI.create(location)).GET()).body());
    assertThat(kept.get("importId").asText()).isEqualTo(again.get("importId").asText());
    assertThat(kept.get("alreadyPresent").asLong()).isEqualTo(PBC_TRANSITIONS);
  }

  @Test
  void corruptedRow_isNamedByRowAndField_andTheOtherRowsOfTheFileAreStored() throws Exception {
    String ds = newDataset();
    int row = 10; // spreadsheet numbering: the header is row 1
    HttpResponse<String> answer = postCsv(ds, csv(corrupt(pbcLines, row)), "");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode report = json(answer.body());
    assertThat(report.get("outcome").asText()).isEqualTo("STORED_WITH_REJECTIONS");
    JsonNode rejections = report.get("rejections");
    assertThat(rejections).hasSize(1);
    JsonNode rejection = rejections.get(0);
    assertThat(rejection.get("location").asText()).isEqualTo("row " + row);
    assertThat(rejection.get("field").asText()).isEqualTo("bili");
    assertThat(rejection.get("reason").asText()).isEqualTo("BAD_VALUE");
    long stored = report.get("stored").asLong();
    assertThat(stored).isBetween(PBC_TRANSITIONS - 2L, PBC_TRANSITIONS - 1L);
    assertThat(datasetRecords(ds)).isEqualTo(stored);
  }

  @Test
  void allOrNothingImport_withACorruptedRow_storesNothing_andAPartialOneThenStores()
      throws Exception {
    String ds = newDataset();
    String corrupted = csv(corrupt(pbcLines, 10));

    HttpResponse<String> refused = postCsv(ds, corrupted, "mode=all-or-nothing");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    JsonNode report = json(refused.body());
    assertThat(report.get("outcome").asText()).isEqualTo("REFUSED");
    assertThat(report.get("stored").asLong()).isZero();
    assertThat(report.get("rejections").get(0).get("location").asText()).isEqualTo("row 10");
    assertThat(datasetRecords(ds)).isZero();

    HttpResponse<String> partial = postCsv(ds, corrupted, "mode=partial");
    assertThat(json(partial.body()).get("stored").asLong()).isPositive();
  }

  @Test
  void refusedRequest_leavesTheCountStoredBeforeUnchanged() throws Exception {
    String ds = newDataset();
    assertThat(postCsv(ds, csv(pbcLines), "").statusCode()).isEqualTo(201);

    // New measurements (new records) plus one corrupted row, all-or-nothing: refused whole.
    List<String> changed = new ArrayList<>(pbcLines);
    changed.set(1, changed.get(1).replace(",14.5,", ",14.6,"));
    HttpResponse<String> refused = postCsv(ds, csv(corrupt(changed, 20)), "mode=all-or-nothing");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(json(refused.body()).get("transitionsMade").asLong()).isPositive();
    assertThat(datasetRecords(ds)).isEqualTo(PBC_TRANSITIONS);
  }

  @Test
  void jsonRecords_areStored_andAMalformedOneIsRefusedByItsIndex() throws Exception {
    String source = newDataset();
    postCsv(source, csv(pbcLines.subList(0, 30)), "");
    JsonNode records =
        json(get("/api/datasets/" + source + "/records?limit=3").body()).get("records");
    String ds = newDataset();
    ArrayNode batch = JSON.createArrayNode();
    batch.add(records.get(0));
    batch.addObject().put("subject", 12).put("unknownField", true); // not a record
    batch.add(records.get(1));

    HttpResponse<String> answer = postRecords(ds, batch);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode report = json(answer.body());
    assertThat(report.get("stored").asLong()).isEqualTo(2);
    JsonNode rejection = report.get("rejections").get(0);
    assertThat(rejection.get("location").asText()).isEqualTo("record 2");
    assertThat(rejection.get("reason").asText()).isEqualTo("MALFORMED");
    assertThat(datasetRecords(ds)).isEqualTo(2);
  }

  @Test
  void requestThatFailsHalfwayInTheDatabase_leavesTheStoreAsItWasBefore() throws Exception {
    String source = newDataset();
    postCsv(source, csv(pbcLines), "");
    JsonNode stored =
        json(get("/api/datasets/" + source + "/records?limit=700").body()).get("records");
    String ds = newDataset();
    postRecords(ds, JSON.createArrayNode().add(stored.get(0)));
    assertThat(datasetRecords(ds)).isEqualTo(1);

    // 700 valid new records; the last one's subject is wider than the subject column, so the
    // database refuses it after the store has flushed the first 500 rows.
    ArrayNode batch = JSON.createArrayNode();
    for (int i = 1; i < stored.size(); i++) {
      batch.add(stored.get(i));
    }
    batch.add(((ObjectNode) stored.get(0).deepCopy()).put("subject", "s".repeat(300)));
    HttpResponse<String> answer = postRecords(ds, batch);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(answer.body()).get("title").asText()).contains("nothing of this request");
    assertThat(datasetRecords(ds)).isEqualTo(1);
  }

  @Test
  void unknownDataset_isAnsweredWithAProblemSayingWhatToDo() throws Exception {
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/nothing-" + RUN + "/csv"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv(pbcLines.subList(0, 3)))));

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(json(answer.body()).get("detail").asText()).contains("/mapping");
  }

  @Test
  void healthMetricsAndOpenApi_areServed() throws Exception {
    String ds = newDataset();
    postCsv(ds, csv(pbcLines.subList(0, 20)), "");

    JsonNode ready = json(get("/health/ready").body());
    assertThat(ready.get("status").asText()).isEqualTo("UP");
    String product = "postgresql".equals(System.getProperty("db.kind", "h2")) ? "PostgreSQL" : "H2";
    assertThat(ready.get("checks"))
        .anySatisfy(
            c -> {
              assertThat(c.get("name").asText()).isEqualTo("database");
              assertThat(c.get("data").get("product").asText()).isEqualTo(product);
            });
    // metrics only for node administrators and auditors
    String metrics =
        NodeHttp.send(NodeHttp.request("/metrics?scope=application").GET(), NodeHttp.User.ADMIN)
            .body();
    assertThat(metrics)
        .contains("transitionnet_records_stored_total")
        .contains("transitionnet_import_duration_seconds");
    assertThat(get("/openapi").body()).contains("/api/datasets/{name}/csv");
  }

  private static String newDataset() throws IOException, InterruptedException {
    String name = "pbc-" + RUN + "-" + DATASETS.incrementAndGet();
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + name + "/mapping"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(mapping)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return name;
  }

  private static long datasetRecords(String name) throws IOException, InterruptedException {
    for (JsonNode d : json(get("/api/datasets").body()).get("datasets")) {
      if (d.get("name").asText().equals(name)) {
        return d.get("records").asLong();
      }
    }
    throw new AssertionError("dataset " + name + " is not listed");
  }

  /** The lines with the bilirubin cell of one row (spreadsheet numbering) made unreadable. */
  private static List<String> corrupt(List<String> lines, int row) {
    List<String> out = new ArrayList<>(lines);
    String[] cells = out.get(row - 1).split(",", -1);
    cells[11] = "abc"; // bili
    out.set(row - 1, String.join(",", cells));
    return out;
  }

  private static String csv(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  private static HttpResponse<String> postCsv(String dataset, String csv, String query)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(
                URI.create(BASE + "/api/datasets/" + dataset + "/csv?source=pbcseq.csv&" + query))
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> postRecords(String dataset, ArrayNode records)
      throws IOException, InterruptedException {
    ObjectNode batch = JSON.createObjectNode();
    batch.set("records", records);
    String body = JSON.writeValueAsString(batch);
    return send(
        HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + dataset + "/records"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
  }

  /** Sends as the node's data steward (the role that imports and reads records). */
  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return NodeHttp.send(request.timeout(Duration.ofMinutes(2)), NodeHttp.User.STEWARD);
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
