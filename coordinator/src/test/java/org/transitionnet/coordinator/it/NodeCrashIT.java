package org.transitionnet.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A hospital node (Open Liberty, embedded H2 with WRITE_DELAY=0, federation off) killed with
 * SIGKILL in the middle of a large import: a CSV file of about 100,000 rows, and a FHIR Bulk Data
 * directory of three Synthea sites. After the restart the dataset is exactly as it was before the
 * request (or holds the whole import: the request is one transaction), and importing the same input
 * again stores each record once: the first re-import stores what is missing, a second stores none.
 *
 * <p>The kill lands while the node is demonstrably inside the import's transaction: the test polls
 * the node JVM's thread dump ({@code jcmd <pid> Thread.print}) until a thread is in the store
 * phase, and only then sends SIGKILL. Without a {@code jcmd} next to the test's JVM it kills when
 * the CSV body was wholly handed over, or when the FHIR request has been running for a while.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeCrashIT {

  static {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
  }

  private static final Duration START = Duration.ofSeconds(420);
  private static final Duration IMPORT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path WLP = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"));
  private static final String SERVER = "itCrashNode";
  private static final int HTTP_PORT = ItNodes.freePort();
  private static final int HTTPS_PORT = ItNodes.freePort();
  private static final String NODE = "https://localhost:" + HTTPS_PORT;

  /** About 100,000 CSV rows: pbcseq.csv (1,945 rows) this many times, with new subject ids. */
  private static final int CSV_COPIES = 52;

  /** Subject ids of copy k are the original ids (1..312) plus k times this. */
  private static final int ID_OFFSET = 1000;

  /** Thread dump frames that show the node storing records, inside the import's transaction. */
  private static final List<String> CSV_STORING = List.of("JpaTransitionStore.storeAll(");

  private static final List<String> FHIR_STORING =
      List.of("FhirBoundary.store(", "JpaTransitionStore.storeAll(");

  /** The FHIR request runs this long before the kill when no thread dump can be taken. */
  private static final Duration FHIR_FALLBACK_DELAY = Duration.ofSeconds(3);

  /** This run's password of every node user (steward, auditor, admin) and of its keystore. */
  private static final String NODE_SECRET =
      "it-" + Long.toHexString(new SecureRandom().nextLong()) + "-crash";

  /** Dataset names of this run: a rerun of a test in the same JVM starts from new ones. */
  private static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  private static LibertyServer node;
  private static HttpClient http;
  private static Path bigCsv;

  @BeforeAll
  static void startNode() throws Exception {
    http = client();
    node = prepareNode();
    node.start();
    node.awaitReady(START);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
      node = null;
    }
    if (bigCsv != null) {
      Files.deleteIfExists(bigCsv);
      bigCsv = null;
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void csvImportKilledWhileStoring_datasetAsBeforeOrWhole_reimportStoresEachRecordOnce()
      throws Exception {
    String ds = "crash-csv-" + RUNS.incrementAndGet();
    send(
        steward("/api/datasets/" + ds + "/mapping")
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    Files.readString(datasets().resolve("pbc/pbc-mapping.json")))),
        200,
        201,
        204);
    // what the dataset holds before the request: the original file, which the big one repeats
    JsonNode preload = importCsv(ds, HttpRequest.BodyPublishers.ofFile(pbcseq()));
    long before = count(ds);
    assertThat(before).isEqualTo(preload.get("stored").asLong()).isPositive();
    List<String> recordsBefore = records(ds);
    long importsBefore = summary(ds).get("imports").asLong();

    Path csv = bigCsv();
    long size = Files.size(csv);
    CountingPublisher body = new CountingPublisher(HttpRequest.BodyPublishers.ofFile(csv));
    HttpRequest request = csvRequest(ds).POST(body).timeout(IMPORT).build();
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    String caught = killInside(inFlight, CSV_STORING, () -> body.delivered() >= size);
    Optional<HttpResponse<String>> answered = outcome(inFlight);

    restart();
    long afterKill = afterRestart(ds, caught, before, recordsBefore, importsBefore);

    JsonNode first = importCsv(ds, HttpRequest.BodyPublishers.ofFile(csv));
    long whole = count(ds);
    // copy k of the file makes the original's records with other subject ids
    assertThat(whole).as("records of the whole file").isEqualTo(CSV_COPIES * before);
    assertBeforeOrWhole(caught, answered, before, whole, afterKill);
    assertEachRecordOnce(
        first, importCsv(ds, HttpRequest.BodyPublishers.ofFile(csv)), ds, afterKill, whole);
  }

  @Test
  @Order(2)
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void fhirImportKilledWhileStoring_datasetAsBeforeOrWhole_reimportStoresEachRecordOnce()
      throws Exception {
    String ds = "crash-fhir-" + RUNS.incrementAndGet();
    send(
        steward("/api/datasets/" + ds + "/fhir-task")
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    Files.readString(tasks().resolve("fhir/bp-antihypertensive.json")))),
        200,
        201,
        204);
    // below the node's fhir.import.root (default ${server.output.dir}/imports): site-c alone,
    // and all three sites as one export (<Type>.<n>.ndjson.gz), which includes site-c's records
    Path imports = node.directory().resolve("imports");
    copyExport(List.of("site-c"), imports.resolve("site-c"));
    copyExport(List.of("site-a", "site-b", "site-c"), imports.resolve("all-sites"));

    JsonNode preload = importDirectory(ds, "site-c");
    long before = count(ds);
    assertThat(before).isEqualTo(preload.get("stored").asLong()).isPositive();
    List<String> recordsBefore = records(ds);
    long importsBefore = summary(ds).get("imports").asLong();

    long sent = System.nanoTime();
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(
            directoryRequest(ds, "all-sites").timeout(IMPORT).build(),
            HttpResponse.BodyHandlers.ofString());
    String caught =
        killInside(
            inFlight,
            FHIR_STORING,
            () -> System.nanoTime() - sent >= FHIR_FALLBACK_DELAY.toNanos());
    Optional<HttpResponse<String>> answered = outcome(inFlight);

    restart();
    long afterKill = afterRestart(ds, caught, before, recordsBefore, importsBefore);

    JsonNode first = importDirectory(ds, "all-sites");
    long whole = count(ds);
    assertThat(whole).as("records of all three sites, site-c's among them").isGreaterThan(before);
    assertBeforeOrWhole(caught, answered, before, whole, afterKill);
    assertEachRecordOnce(first, importDirectory(ds, "all-sites"), ds, afterKill, whole);
  }

  // ---- the assertions both tests make ---------------------------------------------------------

  /**
   * What the dataset holds right after the restart. If it holds as many records as before the
   * killed request, it is exactly as before: the same records, and no report of the killed import.
   * If it holds more, the killed import committed whole: its report is kept too.
   *
   * @return the number of records after the restart
   */
  private static long afterRestart(
      String ds, String caught, long before, List<String> recordsBefore, long importsBefore)
      throws Exception {
    JsonNode summary = summary(ds);
    long records = summary.get("records").asLong();
    if (records == before) {
      assertThat(records(ds))
          .as("records after a SIGKILL while %s", caught)
          .isEqualTo(recordsBefore);
      assertThat(summary.get("imports").asLong())
          .as("import reports after a SIGKILL while %s", caught)
          .isEqualTo(importsBefore);
    } else {
      assertThat(summary.get("imports").asLong())
          .as("import reports after a SIGKILL while %s, %s records kept", caught, records)
          .isEqualTo(importsBefore + 1);
    }
    return records;
  }

  /**
   * After the restart the dataset held {@code afterKill} records: what it held before the killed
   * request, or everything the import makes ({@code whole}, known once it was imported again).
   */
  private static void assertBeforeOrWhole(
      String caught,
      Optional<HttpResponse<String>> answered,
      long before,
      long whole,
      long afterKill) {
    assertThat(afterKill)
        .as("records after a SIGKILL while %s: before %s, whole import %s", caught, before, whole)
        .isIn(before, whole);
    if (answered.isPresent() && answered.get().statusCode() == 201) {
      // answered in the instant before the kill: then it had committed
      assertThat(afterKill).as("records after an answered import").isEqualTo(whole);
    }
  }

  /**
   * The first re-import stores exactly what the dataset lacked, the second none: each record is
   * stored once.
   */
  private static void assertEachRecordOnce(
      JsonNode first, JsonNode second, String ds, long afterKill, long whole) throws Exception {
    assertThat(first.get("stored").asLong())
        .as("stored by the first re-import: %s", first)
        .isEqualTo(whole - afterKill);
    long made = first.get("stored").asLong() + first.get("alreadyPresent").asLong();
    assertThat(second.get("stored").asLong()).as("second re-import: %s", second).isZero();
    assertThat(second.get("alreadyPresent").asLong())
        .as("second re-import: %s", second)
        .isEqualTo(made);
    assertThat(count(ds)).isEqualTo(whole);
  }

  // ---- killing the node inside an import ------------------------------------------------------

  /**
   * Polls the node JVM's threads until one is inside the import at a frame of {@code markers}, then
   * kills the node with SIGKILL. Without {@code jcmd} it kills once {@code fallback} holds. Fails
   * if the request was answered first (the import was not caught in flight).
   *
   * @return what the node was doing when it was killed
   */
  private static String killInside(
      CompletableFuture<HttpResponse<String>> inFlight,
      List<String> markers,
      BooleanSupplier fallback)
      throws Exception {
    Optional<Path> jcmd = jcmd();
    long javaPid = javaPid();
    long deadline = System.nanoTime() + IMPORT.toNanos();
    while (System.nanoTime() < deadline) {
      String caught = null;
      Optional<String> dump = jcmd.isPresent() ? threadDump(jcmd.get(), javaPid) : Optional.empty();
      if (dump.isPresent()) {
        for (String marker : markers) {
          if (dump.get().contains(marker)) {
            caught = "a thread was in " + marker;
            break;
          }
        }
      } else if (fallback.getAsBoolean()) {
        caught = "the request was in flight (no thread dump to be had)";
      }
      assertThat(inFlight.isDone())
          .as("the import was answered before the node was caught inside it: %s", done(inFlight))
          .isFalse();
      if (caught != null) {
        killNode();
        return caught;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node was not caught inside the import within " + IMPORT);
  }

  /** Starts the killed node again (same server directory), with a client of no old connection. */
  private static void restart() throws Exception {
    node.start();
    node.awaitReady(START);
    http = client();
  }

  /** SIGKILL to the server JVM and anything the launcher left running beside it. */
  private static void killNode() throws Exception {
    long pid = node.pid();
    List<ProcessHandle> tree = new ArrayList<>();
    ProcessHandle.of(pid)
        .ifPresent(
            h -> {
              tree.add(h);
              h.descendants().forEach(tree::add);
            });
    // ProcessHandle.destroyForcibly is SIGKILL on Linux, as is Process.destroyForcibly
    tree.forEach(ProcessHandle::destroyForcibly);
    node.kill();
    for (ProcessHandle h : tree) {
      h.onExit().get(60, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(pid)).isEmpty();
  }

  /** The answer to the killed request, if it got one; a connection reset gives none. */
  private static Optional<HttpResponse<String>> outcome(
      CompletableFuture<HttpResponse<String>> inFlight) throws InterruptedException {
    try {
      return Optional.of(inFlight.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (TimeoutException e) {
      inFlight.cancel(true);
      return Optional.empty();
    }
  }

  private static String done(CompletableFuture<HttpResponse<String>> inFlight) {
    try {
      HttpResponse<String> answer = inFlight.getNow(null);
      return answer == null ? "not done" : answer.statusCode() + " " + answer.body();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** The server JVM: {@code bin/server run} execs java, so normally the launched process. */
  private static long javaPid() {
    long pid = node.pid();
    return ProcessHandle.of(pid)
        .flatMap(
            h ->
                Stream.concat(Stream.of(h), h.descendants())
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .findFirst())
        .map(ProcessHandle::pid)
        .orElse(pid);
  }

  private static Optional<Path> jcmd() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(jcmd) ? Optional.of(jcmd) : Optional.empty();
  }

  /** The JVM's threads, or nothing if jcmd could not attach to it. */
  private static Optional<String> threadDump(Path jcmd, long pid) throws Exception {
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return Optional.empty();
    }
    String dump = new String(out, StandardCharsets.UTF_8);
    return p.exitValue() == 0 && dump.contains("Thread") ? Optional.of(dump) : Optional.empty();
  }

  /** Counts the bytes of the body the HTTP client has taken so far. */
  private static final class CountingPublisher implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher delegate;
    private final AtomicLong delivered = new AtomicLong();

    CountingPublisher(HttpRequest.BodyPublisher delegate) {
      this.delegate = delegate;
    }

    long delivered() {
      return delivered.get();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      delegate.subscribe(
          new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
              subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
              delivered.addAndGet(item.remaining());
              subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
              subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
              subscriber.onComplete();
            }
          });
    }
  }

  // ---- inputs ---------------------------------------------------------------------------------

  private static Path pbcseq() {
    return datasets().resolve("pbc/pbcseq.csv");
  }

  /**
   * pbcseq.csv {@value #CSV_COPIES} times: copy k has subject ids id + k * {@value #ID_OFFSET},
   * each subject's rows together; copy 0 is the original file.
   */
  private static Path bigCsv() throws IOException {
    if (bigCsv != null) {
      return bigCsv;
    }
    List<String> lines = Files.readAllLines(pbcseq(), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).replace("\"", "").split(","));
    int idColumn = header.indexOf("id");
    assertThat(idColumn).as("the id column of pbcseq.csv").isNotNegative();
    Path file = Files.createTempFile("node-crash-", ".csv");
    long rows = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(lines.get(0));
      out.write('\n');
      for (int k = 0; k < CSV_COPIES; k++) {
        for (String line : lines.subList(1, lines.size())) {
          if (line.isBlank()) {
            continue;
          }
          String[] cells = line.split(",", -1);
          String id = cells[idColumn].replace("\"", "").trim();
          cells[idColumn] = Integer.toString(Integer.parseInt(id) + k * ID_OFFSET);
          out.write(String.join(",", cells));
          out.write('\n');
          rows++;
        }
      }
    }
    assertThat(rows).isGreaterThan(100_000 - 2_000);
    bigCsv = file;
    return file;
  }

  /** Copies the Bulk Data exports of {@code sites} into one directory, as numbered files. */
  private static void copyExport(List<String> sites, Path target) throws IOException {
    Files.createDirectories(target);
    for (int i = 0; i < sites.size(); i++) {
      Path site = datasets().resolve("synthea").resolve(sites.get(i));
      try (Stream<Path> files = Files.list(site)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (!name.endsWith(".ndjson.gz")) {
            continue;
          }
          String copy =
              sites.size() == 1 ? name : name.replace(".ndjson.gz", "." + (i + 1) + ".ndjson.gz");
          Files.copy(f, target.resolve(copy), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static Path datasets() {
    return Path.of(System.getProperty("datasets.dir", "../datasets"));
  }

  private static Path tasks() {
    return datasets().toAbsolutePath().normalize().resolveSibling("tasks");
  }

  // ---- the node -------------------------------------------------------------------------------

  /** A node like FederationIT's, federation off: no site id, no coordinator. */
  private static LibertyServer prepareNode() throws IOException {
    return ItNodes.prepareNode(
        SERVER,
        HTTP_PORT,
        Map.of(
            "http.port",
            Integer.toString(HTTP_PORT),
            "https.port",
            Integer.toString(HTTPS_PORT),
            "keystore.password",
            NODE_SECRET,
            "users.steward.password",
            NODE_SECRET,
            "users.auditor.password",
            NODE_SECRET,
            "users.admin.password",
            NODE_SECRET),
        Map.of("users.registry", "basic"));
  }

  // ---- the node's API -------------------------------------------------------------------------

  private static HttpRequest.Builder csvRequest(String ds) {
    return steward("/api/datasets/" + ds + "/csv?source=crash.csv")
        .header("Content-Type", "text/csv");
  }

  private static JsonNode importCsv(String ds, HttpRequest.BodyPublisher csv) throws Exception {
    return send(csvRequest(ds).POST(csv), 201);
  }

  private static HttpRequest.Builder directoryRequest(String ds, String dir) throws Exception {
    return steward("/api/datasets/" + ds + "/fhir/bulk-directory")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("path", dir))));
  }

  private static JsonNode importDirectory(String ds, String dir) throws Exception {
    return send(directoryRequest(ds, dir), 201);
  }

  /** The dataset's entry in {@code GET /api/datasets}: name, records, imports. */
  private static JsonNode summary(String ds) throws Exception {
    JsonNode list = send(steward("/api/datasets").GET(), 200).get("datasets");
    for (JsonNode d : list) {
      if (d.get("name").asText().equals(ds)) {
        return d;
      }
    }
    throw new AssertionError("no dataset " + ds + " in " + list);
  }

  private static long count(String ds) throws Exception {
    return summary(ds).get("records").asLong();
  }

  /** Every stored record of the dataset, in storage order, as JSON text. */
  private static List<String> records(String ds) throws Exception {
    List<String> all = new ArrayList<>();
    long total;
    do {
      JsonNode page =
          send(
              steward("/api/datasets/" + ds + "/records?limit=1000&offset=" + all.size()).GET(),
              200);
      total = page.get("total").asLong();
      if (page.get("records").isEmpty()) {
        break;
      }
      page.get("records").forEach(r -> all.add(r.toString()));
    } while (all.size() < total);
    assertThat(all).hasSize((int) total);
    return all;
  }

  private static HttpRequest.Builder steward(String path) {
    String credentials = "steward:" + NODE_SECRET;
    return HttpRequest.newBuilder(URI.create(NODE + path))
        .header("Accept", "application/json")
        .header("X-Requested-By", "NodeCrashIT")
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode send(HttpRequest.Builder request, int... expected) throws Exception {
    HttpResponse<String> answer =
        http.send(request.timeout(IMPORT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(expected)
        .as("status of %s: %s", answer.uri(), answer.body())
        .contains(answer.statusCode());
    return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
  }

  private static HttpClient client() throws Exception {
    return HttpClient.newBuilder()
        .sslContext(ItNodes.trustAll())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
