package org.transitionnet.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each input limit against the real node the build starts (with the small limits of node/pom.xml,
 * {@code liberty.var.import.*}): an import just beyond it is refused with 413 (400 for a line), a
 * problem naming the setting and its value, and the dataset's records, counted and read, are the
 * same after as before. mode=partial is the default, so a refusal keeps none of the records read
 * before the limit was reached.
 */
class ImportLimitsIT {

  private static final String BASE = NodeHttp.BASE;
  private static final Path PBC = Path.of("../datasets/pbc");
  private static final Path SITE_C = Path.of("../datasets/synthea/site-c");
  private static final Path BP_TASK = Path.of("../tasks/fhir/bp-antihypertensive.json");
  private static final Path IMPORT_ROOT =
      Path.of(
          System.getProperty(
              "fhir.import.root", "target/liberty/wlp/usr/servers/transitionnetNode/imports"));
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final AtomicInteger DATASETS = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  // The node's limits: node/pom.xml passes them to failsafe; these defaults are the same values.
  private static final long MAX_REQUEST_BYTES = setting("import.max-request-bytes", 8388608);
  private static final long MAX_LINE_BYTES = setting("import.max-line-bytes", 8192);
  private static final long MAX_RECORDS = setting("import.max-records", 10000);
  private static final long MAX_DECOMPRESSED_BYTES =
      setting("import.max-decompressed-bytes", 300000000);

  private static String mapping;
  private static String bpTask;
  private static List<String> pbcLines;

  @BeforeAll
  static void nodeIsReady() throws Exception {
    mapping = Files.readString(PBC.resolve("pbc-mapping.json"));
    bpTask = Files.readString(BP_TASK);
    pbcLines = Files.readAllLines(PBC.resolve("pbcseq.csv"));
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline
        && (get("/api/datasets").statusCode() != 200 || get("/health/ready").statusCode() != 200)) {
      Thread.sleep(1000);
    }
    assertThat(get("/api/datasets").statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void removeCopies() throws IOException {
    Path copy = IMPORT_ROOT.resolve("limits-" + RUN);
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
  void csvOfOneByteMoreThanMaxRequestBytes_is413_andStoresNothing() throws Exception {
    String ds = csvDataset();
    Snapshot before = snapshot(ds);

    // pbcseq.csv repeated, cut at one byte beyond the limit: valid rows, just too many bytes.
    StringBuilder csv = new StringBuilder(pbcLines.get(0)).append('\n');
    while (csv.length() <= MAX_REQUEST_BYTES) {
      for (String line : pbcLines.subList(1, pbcLines.size())) {
        csv.append(line).append('\n');
      }
    }
    byte[] body = csv.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] cut = Arrays.copyOf(body, (int) MAX_REQUEST_BYTES + 1);

    HttpResponse<String> answer =
        send(
            request("/api/datasets/" + ds + "/csv?source=big.csv")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(cut)));

    assertRefused(answer, 413, "import.max-request-bytes", MAX_REQUEST_BYTES);
    assertThat(snapshot(ds)).isEqualTo(before);
  }

  @Test
  void csvWithOneLineLongerThanMaxLineBytes_is400NamingTheLine_andKeepsNoEarlierRow()
      throws Exception {
    String ds = csvDataset();
    Snapshot before = snapshot(ds);

    // rows 2..60 are valid and new to the dataset (it holds rows 2..30); line 61 is too long
    List<String> lines = new ArrayList<>(pbcLines.subList(0, 60));
    lines.add("x".repeat((int) MAX_LINE_BYTES + 1));
    HttpResponse<String> answer =
        send(
            request("/api/datasets/" + ds + "/csv?mode=partial&source=long.csv")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n")));

    assertRefused(answer, 400, "import.max-line-bytes", MAX_LINE_BYTES);
    assertThat(json(answer.body()).get("detail").asText()).contains("line 61 of long.csv");
    assertThat(snapshot(ds)).isEqualTo(before);
  }

  @Test
  void recordBatchOfOneMoreThanMaxRecords_is413_andStoresNothing() throws Exception {
    String source = csvDataset(60);
    JsonNode fresh =
        json(get("/api/datasets/" + source + "/records?limit=1000").body()).get("records");
    String ds = csvDataset();
    Snapshot before = snapshot(ds);

    // real records, most of them new to the dataset, then empty entries up to max + 1
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < fresh.size(); i++) {
      body.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(fresh.get(i)));
    }
    for (long i = fresh.size(); i < MAX_RECORDS + 1; i++) {
      body.append(",{}");
    }
    body.append("]}");
    HttpResponse<String> answer =
        send(
            request("/api/datasets/" + ds + "/records")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));

    assertRefused(answer, 413, "import.max-records", MAX_RECORDS);
    assertThat(snapshot(ds)).isEqualTo(before);
  }

  @Test
  void bundleOfOneByteMoreThanMaxRequestBytes_is413_andStoresNothing() throws Exception {
    String ds = fhirDataset();
    Snapshot before = snapshot(ds);

    String p = "big-" + RUN;
    StringBuilder bundle =
        new StringBuilder(
            bundle(
                patient(p),
                bloodPressure("big1-" + RUN, p, "2020-01-01T09:00:00Z", 150, 95),
                bloodPressure("big2-" + RUN, p, "2020-06-01T09:00:00Z", 140, 90)));
    // trailing white space is valid JSON: a genuine Bundle, only too large
    while (bundle.length() < MAX_REQUEST_BYTES + 1) {
      bundle.append(' ');
    }
    HttpResponse<String> answer =
        send(
            request("/api/datasets/" + ds + "/fhir/bundle")
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle.toString())));

    assertRefused(answer, 413, "import.max-request-bytes", MAX_REQUEST_BYTES);
    assertThat(snapshot(ds)).isEqualTo(before);
  }

  @Test
  void ndjsonGzipBomb_is413ByItsCompressionRatio_andStoresNothing() throws Exception {
    String ds = fhirDataset();
    Snapshot before = snapshot(ds);

    // Real new readings first, then 4 MiB of one line repeated: gzip shrinks it a thousandfold.
    String p = "bomb-" + RUN;
    StringBuilder observations = new StringBuilder();
    observations.append(bloodPressure("b1-" + RUN, p, "2020-01-01T09:00:00Z", 150, 95));
    observations.append('\n');
    observations.append(bloodPressure("b2-" + RUN, p, "2020-06-01T09:00:00Z", 140, 90));
    observations.append('\n');
    String filler = bloodPressure("b3-" + RUN, p, "2021-01-01T09:00:00Z", 130, 85) + "\n";
    while (observations.length() < (4 << 20)) {
      observations.append(filler);
    }
    String boundary = "limits-" + RUN;
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    part(form, boundary, "Patient", "Patient.ndjson", patient(p).getBytes(StandardCharsets.UTF_8));
    part(form, boundary, "Observation", "Observation.ndjson.gz", gzip(observations.toString()));
    form.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

    HttpResponse<String> answer =
        send(
            request("/api/datasets/" + ds + "/fhir/ndjson")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Requested-By", "ImportLimitsIT")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())));

    assertRefused(
        answer, 413, "import.max-compression-ratio", setting("import.max-compression-ratio", 40));
    assertThat(json(answer.body()).get("detail").asText()).contains("Observation.ndjson.gz");
    assertThat(snapshot(ds)).isEqualTo(before);
  }

  @Test
  void bulkDirectoryBeyondMaxDecompressedBytes_is413_andStoresNothing() throws Exception {
    String ds = fhirDataset();
    Snapshot before = snapshot(ds);

    // site-c's own files (its ratio is within the limit), its Observations copied until the
    // import holds more than max-decompressed-bytes after decompression
    Path observations = SITE_C.resolve("Observation.ndjson.gz");
    long expanded;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(observations), 1 << 16)) {
      expanded = in.transferTo(OutputStream.nullOutputStream());
    }
    long copies = MAX_DECOMPRESSED_BYTES / expanded + 1;
    String dir = "limits-" + RUN;
    Path copy = IMPORT_ROOT.resolve(dir);
    Files.createDirectories(copy);
    Files.copy(SITE_C.resolve("Patient.ndjson.gz"), copy.resolve("Patient.ndjson.gz"));
    for (long i = 1; i <= copies; i++) {
      Files.copy(observations, copy.resolve("Observation." + i + ".ndjson.gz"));
    }

    HttpResponse<String> answer =
        send(
            request("/api/datasets/" + ds + "/fhir/bulk-directory")
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"" + dir + "\"}")));

    assertRefused(answer, 413, "import.max-decompressed-bytes", MAX_DECOMPRESSED_BYTES);
    assertThat(snapshot(ds)).isEqualTo(before);
  }

  // --- helpers

  /** A dataset's record count and its records as the API reads them. */
  private record Snapshot(long count, String records) {}

  private static Snapshot snapshot(String ds) throws IOException, InterruptedException {
    HttpResponse<String> page = get("/api/datasets/" + ds + "/records?limit=1000");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return new Snapshot(datasetRecords(ds), json(page.body()).get("records").toString());
  }

  private static void assertRefused(
      HttpResponse<String> answer, int status, String setting, Object max) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = json(answer.body());
    assertThat(problem.get("title").asText()).contains(setting);
    assertThat(problem.get("limit").asText()).isEqualTo(setting);
    assertThat(problem.get("detail").asText())
        .contains(setting)
        .contains("(now " + max + ")")
        .contains(setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
        .contains("nothing");
  }

  private static long setting(String name, long fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
  }

  /** A dataset with the PBC mapping holding pbcseq.csv's first 29 rows (rows 2..30). */
  private static String csvDataset() throws IOException, InterruptedException {
    return csvDataset(30);
  }

  /** A dataset with the PBC mapping holding pbcseq.csv's first {@code lines} lines. */
  private static String csvDataset(int lines) throws IOException, InterruptedException {
    String name = "limits-" + RUN + "-" + DATASETS.incrementAndGet();
    HttpResponse<String> put =
        send(
            request("/api/datasets/" + name + "/mapping")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(mapping)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    HttpResponse<String> first =
        send(
            request("/api/datasets/" + name + "/csv?source=pbcseq.csv")
                .header("Content-Type", "text/csv")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        String.join("\n", pbcLines.subList(0, lines)) + "\n")));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(datasetRecords(name)).isPositive();
    return name;
  }

  /** A dataset with the blood-pressure task holding one patient's two transitions. */
  private static String fhirDataset() throws IOException, InterruptedException {
    String name = "limits-" + RUN + "-" + DATASETS.incrementAndGet();
    HttpResponse<String> put =
        send(
            request("/api/datasets/" + name + "/fhir-task")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(bpTask)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    String p = "base-" + name;
    HttpResponse<String> first =
        send(
            request("/api/datasets/" + name + "/fhir/bundle")
                .header("Content-Type", "application/fhir+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        bundle(
                            patient(p),
                            bloodPressure("o1-" + name, p, "2020-01-01T09:00:00Z", 150, 95),
                            bloodPressure("o2-" + name, p, "2020-06-01T09:00:00Z", 140, 90),
                            bloodPressure("o3-" + name, p, "2021-01-01T09:00:00Z", 130, 85)))));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(datasetRecords(name)).isPositive();
    return name;
  }

  private static String patient(String id) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\",\"gender\":\"female\",\"birthDate\":\"1950-03-01\"}";
  }

  /** A blood-pressure panel with its diastolic and systolic components. */
  private static String bloodPressure(
      String id, String patient, String time, double sys, double dia) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
        + "\"code\":\"85354-9\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"effectiveDateTime\":\""
        + time
        + "\",\"component\":["
        + component("8462-4", dia)
        + ","
        + component("8480-6", sys)
        + "]}";
  }

  private static String component(String loinc, double value) {
    return "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
        + loinc
        + "\"}]},\"valueQuantity\":{\"value\":"
        + value
        + ",\"unit\":\"mm[Hg]\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}}";
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

  private static long datasetRecords(String name) throws IOException, InterruptedException {
    for (JsonNode d : json(get("/api/datasets").body()).get("datasets")) {
      if (d.get("name").asText().equals(name)) {
        return d.get("records").asLong();
      }
    }
    throw new AssertionError("dataset " + name + " is not listed");
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofMinutes(3));
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** Sends as the node's data steward (the role that imports and reads records). */
  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return NodeHttp.send(request, NodeHttp.User.STEWARD);
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
