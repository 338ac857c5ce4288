package org.transitionnet.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's FHIR import endpoints against the real Open Liberty server the build starts for the
 * integration tests. The Bulk Data directory import reads a copy of the shipped Synthea site-c
 * export placed under the server's default import root ({@code ${server.output.dir}/imports}).
 */
class FhirImportIT {

  private static final String BASE = NodeHttp.BASE;
  private static final Path IMPORT_ROOT =
      Path.of(
          System.getProperty(
              "fhir.import.root", "target/liberty/wlp/usr/servers/transitionnetNode/imports"));
  private static final Path SITE_C = Path.of("../datasets/synthea/site-c");
  private static final Path BP_TASK = Path.of("../tasks/fhir/bp-antihypertensive.json");

  /** docs/guide-fhir.md: bp-antihypertensive on site-c. */
  private static final int SITE_C_BP_RECORDS = 5915;

  private static final int SITE_C_INTERVAL_TOO_LONG = 274;
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final AtomicInteger DATASETS = new AtomicInteger();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String bpTask;

  @BeforeAll
  static void nodeIsReady() throws Exception {
    bpTask = Files.readString(BP_TASK);
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline
        && (get("/api/datasets").statusCode() != 200 || get("/health/ready").statusCode() != 200)) {
      Thread.sleep(1000);
    }
    assertThat(get("/api/datasets").statusCode()).isEqualTo(200);
  }

  /** Removes this run's copy of the export and its symbolic link from the import root. */
  @AfterAll
  static void removeCopies() throws IOException {
    Files.deleteIfExists(IMPORT_ROOT.resolve("escape-" + RUN));
    Path copy = IMPORT_ROOT.resolve("site-c-" + RUN);
    if (Files.isDirectory(copy)) {
      try (Stream<Path> files = Files.list(copy)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(copy);
    }
  }

  @Test
  void bulkDirectory_siteC_storesTheDocumentedCount_andAReimportStoresNone() throws Exception {
    String dir = "site-c-" + RUN;
    Path copy = IMPORT_ROOT.resolve(dir);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(SITE_C)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String ds = newDataset();
    String body = "{\"path\": \"" + dir + "\"}";

    HttpResponse<String> first = post(ds, "/fhir/bulk-directory", "application/json", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode report = json(first.body());
    assertThat(report.get("outcome").asText()).isEqualTo("STORED");
    assertThat(report.get("stored").asLong()).isEqualTo(SITE_C_BP_RECORDS);
    assertThat(report.get("rejected").asLong()).isZero();
    assertThat(report.get("dropped").get("INTERVAL_TOO_LONG").asLong())
        .isEqualTo(SITE_C_INTERVAL_TOO_LONG);
    assertThat(datasetRecords(ds)).isEqualTo(SITE_C_BP_RECORDS);
    JsonNode one = json(get("/api/datasets/" + ds + "/records?limit=1").body()).get("records");
    assertThat(one.get(0).get("provenance").get("dataset").asText()).isEqualTo(ds);

    HttpResponse<String> again = post(ds, "/fhir/bulk-directory", "application/json", body);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    JsonNode second = json(again.body());
    assertThat(second.get("stored").asLong()).isZero();
    assertThat(second.get("alreadyPresent").asLong()).isEqualTo(SITE_C_BP_RECORDS);
    assertThat(datasetRecords(ds)).isEqualTo(SITE_C_BP_RECORDS);
    String location = again.headers().firstValue("Location").orElseThrow();
    JsonNode kept = json(send(HttpRequest.newBuilder(URI.create(location)).GET()).body());
    assertThat(kept.get("importId").asText()).isEqualTo(second.get("importId").asText());
  }

  @Test
  void bulkDirectory_outsideTheImportRoot_isRefusedAndReadsNothing() throws Exception {
    String ds = newDataset();
    Files.createDirectories(IMPORT_ROOT);
    Path link = IMPORT_ROOT.resolve("escape-" + RUN);
    Files.createSymbolicLink(link, SITE_C.toAbsolutePath().normalize());

    for (String path :
        List.of(
            "..",
            "../../../../../datasets/synthea/site-c",
            SITE_C.toAbsolutePath().normalize().toString(),
            "/etc",
            link.getFileName().toString())) {
      HttpResponse<String> refused =
          post(ds, "/fhir/bulk-directory", "application/json", "{\"path\": \"" + path + "\"}");
      assertThat(refused.statusCode()).as(path + ": " + refused.body()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(json(refused.body()).get("title").asText())
          .isEqualTo("path outside the import root");
    }
    HttpResponse<String> missing =
        post(ds, "/fhir/bulk-directory", "application/json", "{\"path\": \"no-such-" + RUN + "\"}");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
    assertThat(datasetRecords(ds)).isZero();
  }

  @Test
  void bundleWithOneBadResource_namesItsEntry_andStoresTheOtherRecords() throws Exception {
    String ds = newDataset();
    String p = "p-" + RUN;
    String bundle =
        bundle(
            patient(p),
            bloodPressure("o1-" + RUN, p, "2020-01-01T09:00:00Z", 150, 95, "mm[Hg]"),
            bloodPressure("o2-" + RUN, p, "2020-03-01T09:00:00Z", 150, 95, "kg"),
            bloodPressure("o3-" + RUN, p, "2020-06-01T09:00:00Z", 140, 90, "mm[Hg]"));

    HttpResponse<String> refused =
        post(ds, "/fhir/bundle?mode=all-or-nothing", "application/fhir+json", bundle);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(json(refused.body()).get("outcome").asText()).isEqualTo("REFUSED");
    assertThat(datasetRecords(ds)).isZero();

    HttpResponse<String> answer =
        post(ds, "/fhir/bundle?source=visit.json", "application/fhir+json", bundle);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode report = json(answer.body());
    assertThat(report.get("outcome").asText()).isEqualTo("STORED_WITH_REJECTIONS");
    assertThat(report.get("rejections")).hasSize(1);
    JsonNode rejection = report.get("rejections").get(0);
    assertThat(rejection.get("source").asText()).isEqualTo("visit.json");
    assertThat(rejection.get("location").asText()).isEqualTo("entry 3");
    assertThat(rejection.get("reason").asText()).isEqualTo("INCONVERTIBLE_UNIT");
    assertThat(report.get("stored").asLong()).isEqualTo(1);
    assertThat(datasetRecords(ds)).isEqualTo(1);
  }

  @Test
  void ndjsonUpload_onePartPerFile_gzipOrPlain_rejectionsNameFileAndLine() throws Exception {
    String ds = newDataset();
    String p = "q-" + RUN;
    String observations =
        String.join(
            "\n",
            bloodPressure("n1-" + RUN, p, "2020-01-01T09:00:00Z", 150, 95, "mm[Hg]"),
            "{\"resourceType\":\"Observation\",\"id\":",
            bloodPressure("n2-" + RUN, p, "2020-06-01T09:00:00Z", 140, 90, "mm[Hg]"),
            bloodPressure("n3-" + RUN, p, "2020-09-01T09:00:00Z", 135, 85, "mm[Hg]"));
    String boundary = "tnet-" + RUN;
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    part(form, boundary, "Patient", "Patient.ndjson", patient(p).getBytes(StandardCharsets.UTF_8));
    part(form, boundary, "Observation", "Observation.ndjson.gz", gzip(observations));
    form.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + ds + "/fhir/ndjson"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                // a form-like upload says it is not a cross-site form (CrossSiteRequestFilter)
                .header("X-Requested-By", "FhirImportIT")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode report = json(answer.body());
    assertThat(report.get("stored").asLong()).isEqualTo(2);
    assertThat(report.get("rejections")).hasSize(1);
    JsonNode rejection = report.get("rejections").get(0);
    assertThat(rejection.get("source").asText()).isEqualTo("Observation.ndjson.gz");
    assertThat(rejection.get("location").asText()).isEqualTo("line 2");
    assertThat(rejection.get("reason").asText()).isEqualTo("MALFORMED");
  }

  @Test
  void taskErrors_andFhirIntoADatasetWithoutTask_areProblemJson() throws Exception {
    String ds = "fhir-" + RUN + "-bad";
    HttpResponse<String> noTask = post(ds, "/fhir/bundle", "application/fhir+json", bundle());
    assertThat(noTask.statusCode()).as(noTask.body()).isEqualTo(404);

    HttpResponse<String> badTask =
        send(
            HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + ds + "/fhir-task"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(bpTask.replace("\"mm[Hg]\"", "null"))));
    assertThat(badTask.statusCode()).as(badTask.body()).isEqualTo(400);
    assertThat(json(badTask.body()).get("field").asText()).isEqualTo("variables[0].unit");

    String csvDataset = "fhir-" + RUN + "-csv";
    HttpResponse<String> mapping =
        send(
            HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + csvDataset + "/mapping"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        Files.readString(Path.of("../datasets/pbc/pbc-mapping.json")))));
    assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(200);
    HttpResponse<String> csvOnly =
        post(csvDataset, "/fhir/bundle", "application/fhir+json", bundle());
    assertThat(csvOnly.statusCode()).as(csvOnly.body()).isEqualTo(409);
  }

  // --- helpers

  private static String patient(String id) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\",\"gender\":\"female\",\"birthDate\":\"1950-03-01\"}";
  }

  /** A blood-pressure panel with its diastolic and systolic components. */
  private static String bloodPressure(
      String id, String patient, String time, double sys, double dia, String unit) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
        + "\"code\":\"85354-9\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"effectiveDateTime\":\""
        + time
        + "\",\"component\":["
        + component("8462-4", dia, "mm[Hg]")
        + ","
        + component("8480-6", sys, unit)
        + "]}";
  }

  private static String component(String loinc, double value, String unit) {
    return "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
        + loinc
        + "\"}]},\"valueQuantity\":{\"value\":"
        + value
        + ",\"unit\":\""
        + unit
        + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\""
        + unit
        + "\"}}";
  }

  private static String bundle(String... resources) {
    StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\"");
    json.append(",\"entry\":[");
    for (int i = 0; i < resources.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"resource\":").append(resources[i]).append('}');
    }
    return json.append("]}").toString();
  }

  private static void part(
      ByteArrayOutputStream form, String boundary, String name, String file, byte[] content)
      throws IOException {
    form.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\"; filename=\""
                + file
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    form.write(content);
    form.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** A new dataset fed by the blood-pressure task. */
  private static String newDataset() throws IOException, InterruptedException {
    String name = "fhir-" + RUN + "-" + DATASETS.incrementAndGet();
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + name + "/fhir-task"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(bpTask)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json(put.body()).get("variables").toString()).contains("systolic_bp");
    assertThat(get("/api/datasets/" + name + "/fhir-task").body()).isEqualTo(bpTask);
    return name;
  }

  private static long datasetRecords(String name) throws IOException, InterruptedException {
    JsonNode list = json(get("/api/datasets").body()).get("datasets");
    for (JsonNode d : list) {
      if (d.get("name").asText().equals(name)) {
        return d.get("records").asLong();
      }
    }
    throw new AssertionError("no dataset " + name + " in " + list);
  }

  private static HttpResponse<String> post(
      String dataset, String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(BASE + "/api/datasets/" + dataset + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
  }

  /** Sends as the node's data steward (the role that imports and reads records). */
  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return NodeHttp.send(request.timeout(Duration.ofMinutes(3)), NodeHttp.User.STEWARD);
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
