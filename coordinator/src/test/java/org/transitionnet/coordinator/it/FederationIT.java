package org.transitionnet.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.federation.aggregation.secure.SiteSecureAggregation;
import org.transitionnet.federation.enrollment.EnrollmentClient;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.federation.tls.FederationTls;
import org.transitionnet.federation.transport.Backoff;
import org.transitionnet.federation.transport.SiteConnection;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.FederationGrpc;
import org.transitionnet.proto.v1.SiteHello;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.Pem;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.task.Task;

/**
 * A real federation on loopback: the coordinator and two hospital nodes, each an Open Liberty
 * server, mutual TLS 1.3 between them. The nodes enroll with one-time tokens, hold pbc shares (odd
 * and even subject ids) and train with secure aggregation (their updates leave only masked); a
 * third site played by this test JVM is refused with a self-signed certificate and, once revoked,
 * with a consortium one; a fourth, also this JVM (the library's SiteAgent with an enrolled
 * certificate), drops off right after its masked upload and the secure round still produces the
 * aggregate; the coordinator is killed with SIGKILL mid-job and the job still completes with every
 * round recorded once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {

  static {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
  }

  private static final Duration START = Duration.ofSeconds(420);
  private static final String TASK = "pbc-labs-v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path WLP = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"));
  private static final int HTTP = Integer.getInteger("coordinator.http.port", 19180);
  private static final int HTTPS = Integer.getInteger("coordinator.https.port", 19543);
  private static final int GRPC = Integer.getInteger("coordinator.grpc.port", 19590);
  private static final int ENROLL = Integer.getInteger("coordinator.enrollment.port", 19591);
  private static final String COORDINATOR_API = "https://localhost:" + HTTPS + "/api";

  /** The coordinator keeps its state in PostgreSQL (-Dcoordinator.db.kind=postgresql). */
  private static final boolean POSTGRESQL =
      "postgresql".equals(System.getProperty("coordinator.db.kind", "h2"));

  /** The two nodes' HTTP ports: free when the test starts, never fixed. */
  private static final int[] NODE_PORTS = {ItNodes.freePort(), ItNodes.freePort()};

  private static final int[] NODE_HTTPS_PORTS = {ItNodes.freePort(), ItNodes.freePort()};

  /**
   * The first node's REST API: HTTPS only, with a login (NodeAccessIT covers who may call what).
   */
  private static final String NODE_A = "https://localhost:" + NODE_HTTPS_PORTS[0];

  /** This run's coordinator secrets are made from this (the CA key, keystore, users). */
  private static final String COORDINATOR_SECRET =
      "it-" + Long.toHexString(new java.security.SecureRandom().nextLong());

  /** This run's password of a coordinator user (operator, researcher). */
  private static String password(String user) {
    return COORDINATOR_SECRET + "-" + user;
  }

  /** This run's password of every node user (steward, auditor, admin) and of their keystores. */
  private static final String NODE_SECRET =
      "it-" + Long.toHexString(new java.security.SecureRandom().nextLong());

  private static LibertyServer coordinator;
  private static final List<LibertyServer> nodes = new ArrayList<>();
  private static HttpClient http;
  private static String rootSha256;
  private static X509Certificate root;

  @BeforeAll
  static void startFederation() throws Exception {
    http =
        HttpClient.newBuilder()
            .sslContext(ItNodes.trustAll())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    coordinator =
        new LibertyServer(
            WLP, System.getProperty("coordinator.server", "transitionnetCoordinator"), HTTP);
    coordinator.wipeState();
    refusesToStartWithAPublishedDefaultSecret();
    // the coordinator refuses to start without its secrets (CoordinatorSecrets): this run's
    coordinator.setVariables(
        Map.of(
            "coordinator.heartbeat-seconds",
            "5",
            "coordinator.ca.password",
            COORDINATOR_SECRET + "-ca",
            "keystore.password",
            COORDINATOR_SECRET + "-keystore",
            "operator.password",
            password("operator"),
            "researcher.password",
            password("researcher")));
    if (POSTGRESQL) {
      // CI's throw-away cluster (deploy/postgres/test-cluster.sh); earlier runs' tables go.
      // db.kind is a bootstrap property (docs/deployment.md): it picks the included datasource
      coordinator.setBootstrapProperties(
          Map.of("db.kind", "postgresql", "db.host", "127.0.0.1", "db.port", "15432"));
      emptyCoordinatorDatabase();
    } else {
      coordinator.setBootstrapProperties(Map.of("db.kind", "h2"));
    }
    coordinator.start();
    coordinator.awaitReady(START);

    JsonNode consortium = get(COORDINATOR_API + "/consortium", "operator");
    rootSha256 = consortium.get("rootSha256").asText();
    root = Pem.certificates(consortium.get("rootCertificatePem").asText()).get(0);

    String mapping = Files.readString(datasets().resolve("pbc/pbc-mapping.json"));
    List<String> csv =
        Files.readAllLines(datasets().resolve("pbc/pbcseq.csv"), StandardCharsets.UTF_8);
    String[] sites = {"site-a", "site-b"};
    int[] ports = NODE_PORTS;
    for (int i = 0; i < sites.length; i++) {
      String token =
          post(COORDINATOR_API + "/sites/" + sites[i] + "/enrollment-token", "", "operator")
              .get("token")
              .asText();
      LibertyServer node =
          prepareNode("itNode" + (char) ('A' + i), ports[i], NODE_HTTPS_PORTS[i], sites[i], token);
      nodes.add(node);
    }
    for (LibertyServer node : nodes) {
      node.start();
    }
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).awaitReady(START);
      String base = "https://localhost:" + NODE_HTTPS_PORTS[i] + "/api/datasets/pbc";
      send(
          nodeAuth(HttpRequest.newBuilder(URI.create(base + "/mapping")), "steward")
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(mapping)),
          200,
          201,
          204);
      send(
          nodeAuth(HttpRequest.newBuilder(URI.create(base + "/csv")), "steward")
              .header("Content-Type", "text/csv")
              .POST(HttpRequest.BodyPublishers.ofString(share(csv, i))),
          200,
          201);
    }
    awaitConnected(List.of("site-a", "site-b"), START);
  }

  private static void emptyCoordinatorDatabase() throws java.sql.SQLException {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:15432/transitionnet_coordinator",
                "transitionnet",
                "transitionnet");
        java.sql.Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  @Test
  @Order(0)
  void coordinatorDatabase_isTheConfiguredOne() throws Exception {
    JsonNode ready =
        send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP + "/health/ready")).GET(),
            200);
    String product = POSTGRESQL ? "PostgreSQL" : "H2";
    assertThat(ready.toString()).contains("\"databaseProduct\":\"" + product + "\"");
  }

  @AfterAll
  static void stopFederation() throws InterruptedException {
    for (LibertyServer node : nodes) {
      node.stop();
    }
    // nothing of this run lingers: a later startFederation in this JVM starts from no nodes
    nodes.clear();
    if (coordinator != null) {
      coordinator.stop();
    }
  }

  @Test
  @Order(1)
  void twoEnrolledNodes_trainTwoSecurelyAggregatedRoundsOnPbcShares_globalModelChanges()
      throws Exception {
    // an invalid DP setting is refused naming the field
    JsonNode refused =
        send(
            auth(HttpRequest.newBuilder(URI.create(COORDINATOR_API + "/jobs")), "researcher")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "jobId",
                                "it-bad-dp",
                                "task",
                                TASK,
                                "modelSpec",
                                "transition-mlp",
                                "dpLevel",
                                "client",
                                "dpEpsilon",
                                3)))),
            400);
    assertThat(refused.get("field").asText()).isEqualTo("dpLevel");
    // record-level DP-SGD at both nodes, under secure aggregation
    submit("it-two-rounds", 2, true, Map.of("dpLevel", "record", "dpEpsilon", 4.0));
    JsonNode job = awaitStatus("it-two-rounds", "COMPLETED", Duration.ofMinutes(4));

    assertThat(job.get("completedRounds").asInt()).isEqualTo(2);
    assertThat(job.get("dp").get("level").asText()).isEqualTo("record");
    double previous = 0;
    for (JsonNode round : job.get("roundHistory")) {
      assertThat(round.get("reported"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("site-a", "site-b");
      assertThat(round.get("totalSamples").asLong()).isGreaterThan(1000);
      // each site reported the epsilon the job has spent there, growing round by round
      for (String site : List.of("site-a", "site-b")) {
        assertThat(round.get("epsilonSpent").get(site).asDouble())
            .as(site + " round " + round.get("round"))
            .isGreaterThan(previous)
            .isLessThanOrEqualTo(4.0 * (1 + 1e-6));
      }
      previous = round.get("epsilonSpent").get("site-a").asDouble() * 0.999;
    }
    assertThat(job.get("epsilonSpent").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(4.00001);
    JsonNode ledger = getNode("/api/privacy/ledger", "auditor");
    assertThat(ledger.get("record").get("epsilonSpent").asDouble()).isGreaterThan(0);
    assertThat(ledger.get("charges").findValuesAsText("job"))
        .containsExactly("it-two-rounds", "it-two-rounds");
    double[] initial = model("it-two-rounds", 0);
    double[] after = model("it-two-rounds", 2);
    assertThat(after).hasSameSizeAs(initial);
    assertThat(after).isNotEqualTo(initial);

    JsonNode status = getNode("/api/federation", "admin");
    assertThat(status.get("enrolled").asBoolean()).isTrue();
    assertThat(status.get("jobs").findValuesAsText("jobId")).contains("it-two-rounds");

    // the leaderboard: evaluated at both sites once training completed
    job = awaitEvaluation("it-two-rounds", Duration.ofMinutes(4));
    JsonNode board = get(COORDINATOR_API + "/jobs/it-two-rounds/leaderboard", "researcher");
    assertThat(board.get("evaluation").asText()).isEqualTo("completed");
    assertThat(board.get("sites")).extracting(JsonNode::asText).containsExactly("site-a", "site-b");
    List<String> targets = new ArrayList<>();
    board.get("targets").forEach(t -> targets.add(t.asText()));
    assertThat(targets).isNotEmpty();
    Map<String, JsonNode> methods = new java.util.LinkedHashMap<>();
    board.get("methods").forEach(m -> methods.put(m.get("name").asText(), m));
    assertThat(methods).containsKeys("fedavg", "no-change", "mean-change", "linear");
    assertThat(methods.get("fedavg").get("kind").asText()).isEqualTo("federated");
    assertThat(methods.get("fedavg").get("secure_aggregation").asBoolean()).isTrue();
    assertThat(methods.get("fedavg").get("rounds").asInt()).isEqualTo(2);
    assertThat(methods.get("fedavg").get("dp").get("level").asText()).isEqualTo("record");
    assertThat(methods.get("fedavg").get("dp").get("epsilon").asDouble()).isEqualTo(4.0);
    assertThat(methods.get("linear").get("kind").asText()).isEqualTo("baseline");
    for (String method : List.of("fedavg", "linear")) {
      for (String column : List.of("site-a", "site-b", "pooled")) {
        JsonNode result = methods.get(method).get("results").get(column);
        assertThat(result.get("macro").get("mae").isNumber()).as(method + " " + column).isTrue();
        for (String target : targets) {
          assertThat(result.get("per_target").get(target).get("mae").isNumber())
              .as(method + " " + column + " " + target)
              .isTrue();
        }
      }
      assertThat(methods.get(method).get("results").has("worst_site")).isTrue();
    }

    JsonNode audit = getNode("/api/federation/audit?limit=5000", "auditor");
    assertThat(audit.get("verification").get("intact").asBoolean())
        .as("audit verification %s", audit.get("verification"))
        .isTrue();
    assertThat(audit.get("entries").findValuesAsText("kind"))
        .contains("enroll_request", "hello", "secagg", "statistics_result", "evaluation_result");
    // this job's update left the site only masked (secagg messages), never as plain update chunks;
    // statistics and evaluation left only as aggregates (checked message by message in node's
    // SiteEvaluationFlowTest). The entries name their job, so other jobs cannot blur the count.
    JsonNode jobAudit = getNode("/api/federation/audit?limit=5000&job=it-two-rounds", "auditor");
    assertThat(jobAudit.get("entries")).isNotEmpty();
    assertThat(jobAudit.get("entries").findValuesAsText("job")).containsOnly("it-two-rounds");
    assertThat(jobAudit.get("counts").fieldNames())
        .toIterable()
        .contains("job_decision", "secagg", "statistics_result")
        .doesNotContain("update_chunk");
    assertThat(jobAudit.get("entries").findValues("round"))
        .extracting(JsonNode::asInt)
        .contains(1, 2);
  }

  @Test
  @Order(2)
  void selfSignedSite_isRefusedAtTheFederationPort() throws Exception {
    SiteIdentity impostor = SiteIdentity.generate("site-x");
    assertThat(connectAndAwaitWelcome(impostor)).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  @Order(3)
  void revokedSite_losesItsOpenStreamAndIsRefused_withoutRestart() throws Exception {
    String token =
        post(COORDINATOR_API + "/sites/site-c/enrollment-token", "", "operator")
            .get("token")
            .asText();
    SiteIdentity enrolled = enroll("site-c", token);
    try (SiteStream open = SiteStream.open(enrolled)) {
      assertThat(open.next(Duration.ofSeconds(60))).isInstanceOf(CoordinatorMessage.class);

      JsonNode revoked = post(COORDINATOR_API + "/sites/site-c/revocation", "", "operator");
      assertThat(revoked.get("status").asText()).isEqualTo("revoked");
      assertThat(open.next(Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e ->
                  assertThat(e.getStatus().getCode())
                      .isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED));
      // the coordinator no longer counts it among the connected sites (it would be offered jobs)
      awaitDisconnected("site-c", Duration.ofSeconds(30));
    }
    assertThat(connectAndAwaitWelcome(enrolled)).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  @Order(4)
  void participantKilledAfterItsMaskedUpload_secureRoundStillProducesTheAggregate()
      throws Exception {
    SiteIdentity enrolled = enroll("site-d");
    ConsortiumTrust trust = new ConsortiumTrust(root, RevocationList.none(), Clock.systemUTC());
    // site-d is this test JVM: the library's SiteAgent with an enrolled certificate, training a
    // fixed small step from the global model; it drops off right after its last masked chunk
    SiteAgent agent =
        new SiteAgent(
                "site-d",
                SitePolicy.acceptAll("transitionnet-demo"),
                (global, plan) -> {
                  double[] local = global.clone();
                  for (int i = 0; i < local.length; i++) {
                    local[i] += 1e-3;
                  }
                  return new LocalUpdate(local, 500, 0.5);
                })
            .withSecureAggregation(SiteSecureAggregation.standard(enrolled, trust))
            // it holds no records: its statistics step answer is empty in every slot
            .withStatistics(
                (job, task, seed) ->
                    SlotStatistics.empty(FeatureStatistics.slots(coordinatorTask())));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", GRPC)
            .sslContext(FederationTls.site(enrolled, trust))
            .build();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    SiteConnection connection =
        new SiteConnection(
            channel,
            agent,
            "it",
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 2.0),
            scheduler);
    AtomicBoolean uploaded = new AtomicBoolean();
    AtomicBoolean answeredUnmasking = new AtomicBoolean();
    // after the send, not before: the last masked chunk must be on the stream before it closes
    agent.afterSend(
        message -> {
          if (message.hasSecagg() && message.getSecagg().hasUnmaskingResponse()) {
            answeredUnmasking.set(true);
          }
          if (message.hasSecagg()
              && message.getSecagg().hasMaskedChunk()
              && message.getSecagg().getMaskedChunk().getIndex()
                  == message.getSecagg().getMaskedChunk().getCount() - 1
              && uploaded.compareAndSet(false, true)) {
            // killed: the stream and the channel go away before the unmasking phase. The stream
            // is half-closed and the channel shut down gracefully so that the chunk just queued
            // still reaches the coordinator (shutdownNow() would cancel the call and could drop
            // it while still buffered, making the test measure a different dropout).
            scheduler.execute(
                () -> {
                  connection.close();
                  channel.shutdown();
                });
          }
        });
    try {
      connection.start();
      awaitConnected(List.of("site-a", "site-b", "site-d"), Duration.ofSeconds(60));

      submit("it-secure-dropout", 1, true);
      JsonNode job = awaitStatus("it-secure-dropout", "COMPLETED", Duration.ofMinutes(4));

      assertThat(uploaded).isTrue();
      // gone before the unmasking phase: it never sent an unmasking response
      assertThat(answeredUnmasking).isFalse();
      JsonNode round = job.get("roundHistory").get(0);
      // site-d's masked input is in the sum; its self mask came back from site-a's and site-b's
      // shares
      assertThat(round.get("reported"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("site-a", "site-b", "site-d");
      assertThat(model("it-secure-dropout", 1)).isNotEqualTo(model("it-secure-dropout", 0));
    } finally {
      connection.close();
      channel.shutdownNow();
      scheduler.shutdownNow();
      agent.close();
    }
  }

  @Test
  @Order(5)
  void coordinatorKilledMidJob_jobCompletesAfterRestart_eachRoundRecordedOnce() throws Exception {
    int rounds = 4;
    submit("it-killed", rounds, false);
    awaitRounds("it-killed", 1, Duration.ofMinutes(3));
    long pid = coordinator.pid();
    coordinator.kill();
    assertThat(ProcessHandle.of(pid)).isEmpty();

    coordinator.start();
    coordinator.awaitReady(START);
    JsonNode job = awaitStatus("it-killed", "COMPLETED", Duration.ofMinutes(5));

    List<Integer> recorded = new ArrayList<>();
    job.get("roundHistory").forEach(r -> recorded.add(r.get("round").asInt()));
    assertThat(recorded).containsExactly(1, 2, 3, 4);
    for (int v = 0; v <= rounds; v++) {
      assertThat(model("it-killed", v)).isNotEmpty();
    }
  }

  @Test
  @Order(7)
  void fullProtocol_trainsLocalAndLosoAsSubJobsAtTheirSites_leaderboardHasThemAndTheMatrix()
      throws Exception {
    awaitConnected(List.of("site-a", "site-b"), Duration.ofMinutes(2));
    submit("it-full", 1, false, Map.of("protocol", "full"));
    JsonNode job = awaitStatus("it-full", "COMPLETED", Duration.ofMinutes(3));
    assertThat(job.get("protocol").asText()).isEqualTo("full");
    job = awaitEvaluation("it-full", Duration.ofMinutes(8));
    Map<String, String> subJobs = new java.util.LinkedHashMap<>();
    job.get("protocolJobs")
        .fields()
        .forEachRemaining(e -> subJobs.put(e.getKey(), e.getValue().asText()));
    assertThat(subJobs)
        .containsExactly(
            Map.entry("local:site-a", "it-full.local.site-a"),
            Map.entry("local:site-b", "it-full.local.site-b"),
            Map.entry("loso:site-a", "it-full.loso.site-a"),
            Map.entry("loso:site-b", "it-full.loso.site-b"));
    // each sub-job was offered to and trained at exactly its sites
    Map<String, String> trainedAt =
        Map.of(
            "local:site-a", "site-a",
            "local:site-b", "site-b",
            "loso:site-a", "site-b",
            "loso:site-b", "site-a");
    for (Map.Entry<String, String> sub : subJobs.entrySet()) {
      JsonNode view = get(COORDINATOR_API + "/jobs/" + sub.getValue(), "researcher");
      assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(view.get("parentJob").asText()).isEqualTo("it-full");
      assertThat(view.get("method").asText()).isEqualTo(sub.getKey());
      assertThat(view.get("decisions").fieldNames())
          .toIterable()
          .containsExactly(trainedAt.get(sub.getKey()));
      for (JsonNode round : view.get("roundHistory")) {
        assertThat(round.get("reported"))
            .extracting(JsonNode::asText)
            .containsExactly(trainedAt.get(sub.getKey()));
      }
    }
    // a sub-job is driven by its parent: resuming it on its own is refused
    send(
        auth(
                HttpRequest.newBuilder(
                    URI.create(COORDINATOR_API + "/jobs/it-full.local.site-a/resume")),
                "researcher")
            .POST(HttpRequest.BodyPublishers.noBody()),
        409);

    JsonNode board = get(COORDINATOR_API + "/jobs/it-full/leaderboard", "researcher");
    List<String> names = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (JsonNode method : board.get("methods")) {
      names.add(method.get("name").asText());
      kinds.add(method.get("kind").asText());
      for (String column : List.of("site-a", "site-b", "pooled")) {
        assertThat(method.get("results").get(column).get("macro").get("mae").isNumber())
            .as(method.get("name").asText() + " at " + column)
            .isTrue();
      }
    }
    assertThat(names)
        .containsExactly(
            "no-change",
            "mean-change",
            "linear",
            "local:site-a",
            "local:site-b",
            "fedavg",
            "loso:site-a",
            "loso:site-b");
    assertThat(kinds)
        .containsExactly(
            "baseline", "baseline", "baseline", "local", "local", "federated", "loso", "loso");
    assertThat(board.get("settings").get("protocol").asText()).isEqualTo("full");
    JsonNode matrix = board.get("cross_site");
    assertThat(matrix.get("trained_at"))
        .extracting(JsonNode::asText)
        .containsExactly("site-a", "site-b");
    assertThat(matrix.get("evaluated_at"))
        .extracting(JsonNode::asText)
        .containsExactly("site-a", "site-b");
    for (JsonNode row : matrix.get("macro").get("mae")) {
      assertThat(row).hasSize(2).allMatch(JsonNode::isNumber);
    }

    // the task's leaderboard holds every evaluated job's methods, each with its job
    JsonNode tasks = get(COORDINATOR_API + "/tasks", "researcher");
    JsonNode task = null;
    for (JsonNode t : tasks) {
      if (t.get("task").asText().equals(TASK)) {
        task = t;
      }
    }
    assertThat(task).as("tasks: %s", tasks).isNotNull();
    assertThat(task.get("evaluated"))
        .extracting(JsonNode::asText)
        .contains("it-two-rounds", "it-full")
        .doesNotContain("it-full.local.site-a");
    JsonNode taskBoard = get(COORDINATOR_API + "/tasks/" + TASK + "/leaderboard", "researcher");
    assertThat(taskBoard.get("task").asText()).isEqualTo(TASK);
    List<String> jobMethods = new ArrayList<>();
    taskBoard
        .get("methods")
        .forEach(m -> jobMethods.add(m.get("job").asText() + "/" + m.get("name").asText()));
    assertThat(jobMethods)
        .contains("it-two-rounds/fedavg", "it-full/fedavg", "it-full/local:site-b")
        .containsSubsequence(names.stream().map(n -> "it-full/" + n).toList());
    assertThat(taskBoard.get("cross_site_by_job").has("it-full")).isTrue();
    send(
        auth(
            HttpRequest.newBuilder(URI.create(COORDINATOR_API + "/tasks/no-such-task/leaderboard")),
            "researcher"),
        404);
  }

  /**
   * The perimeter of the coordinator's REST API: every call without credentials or with a wrong
   * password is 401, a researcher cannot issue tokens or revoke sites (403), a cross-site form
   * cannot issue a token, and each operator action is logged with who did it.
   */
  @Test
  @Order(6)
  void api_refusesStrangersAndWrongRoles_andCrossSiteForms_andLogsOperatorActions()
      throws Exception {
    List<String[]> endpoints =
        List.of(
            new String[] {"GET", "/consortium"},
            new String[] {"GET", "/sites"},
            new String[] {"GET", "/sites/site-a"},
            new String[] {"POST", "/sites/site-perimeter/enrollment-token"},
            new String[] {"POST", "/sites/site-a/revocation"},
            new String[] {"GET", "/jobs"},
            new String[] {"POST", "/jobs"},
            new String[] {"GET", "/jobs/it-two-rounds"},
            new String[] {"POST", "/jobs/it-two-rounds/resume"},
            new String[] {"GET", "/jobs/it-two-rounds/models/1"},
            new String[] {"GET", "/jobs/it-two-rounds/leaderboard"},
            new String[] {"GET", "/tasks"},
            new String[] {"GET", "/tasks/" + TASK + "/leaderboard"});
    for (String[] e : endpoints) {
      for (String credentials : new String[] {null, "operator:wrong-password-1"}) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(COORDINATOR_API + e[1]))
                .header("Content-Type", "application/json")
                .header("X-Requested-By", "FederationIT");
        if (credentials != null) {
          request.header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        request =
            e[0].equals("GET")
                ? request.GET()
                : request.POST(HttpRequest.BodyPublishers.ofString("{}"));
        HttpResponse<String> answer =
            http.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        assertThat(answer.statusCode())
            .as("%s %s with %s: %s", e[0], e[1], credentials, answer.body())
            .isEqualTo(401);
      }
    }
    // roles: a researcher may not approve or revoke sites (the operator also holds the researcher
    // role, server.xml's researchers group)
    for (String[] e :
        List.of(
            new String[] {"researcher", "POST", "/sites/site-perimeter/enrollment-token"},
            new String[] {"researcher", "POST", "/sites/site-a/revocation"})) {
      HttpRequest.Builder request =
          auth(HttpRequest.newBuilder(URI.create(COORDINATOR_API + e[2])), e[0])
              .header("Content-Type", "application/json");
      request =
          e[1].equals("GET")
              ? request.GET()
              : request.POST(HttpRequest.BodyPublishers.ofString("{}"));
      send(request, 403);
    }
    assertThat(get(COORDINATOR_API + "/sites/site-a", "operator").get("status").asText())
        .isNotEqualTo("REVOKED");
    // no unauthenticated API description either (api.docs is off by default)
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + HTTPS + "/openapi"))
                        .GET()
                        .build(),
                    BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);

    // a cross-site form (no JSON, no X-Requested-By) cannot issue a token with cached credentials,
    // nor can any request naming a foreign Origin
    String credentials = "operator:" + password("operator");
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(COORDINATOR_API + "/sites/site-csrf/enrollment-token"))
                .header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .build(),
            BodyHandlers.ofString());
    assertThat(form.statusCode()).as(form.body()).isEqualTo(403);
    HttpResponse<String> foreign =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(COORDINATOR_API + "/sites/site-csrf/enrollment-token"))
                .header("Authorization", basic)
                .header("Content-Type", "application/json")
                .header("X-Requested-By", "x")
                .header("Origin", "https://attacker.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
    assertThat(get(COORDINATOR_API + "/sites", "operator").findValuesAsText("siteId"))
        .doesNotContain("site-csrf");

    // an operator's action is logged with who did it
    post(COORDINATOR_API + "/sites/site-audited/enrollment-token", "", "operator");
    Path log = coordinator.directory().resolve("logs").resolve("messages.log");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && !Files.readString(log).contains("issued an enrollment token site site-audited")) {
      Thread.sleep(100);
    }
    assertThat(Files.readString(log))
        .contains("operator operator issued an enrollment token site site-audited");
  }

  /**
   * A coordinator configured with a published default secret (the former demo CA password) does not
   * start its application, and its log names the setting to fix.
   */
  private static void refusesToStartWithAPublishedDefaultSecret() throws Exception {
    coordinator.setVariables(
        Map.of(
            "coordinator.ca.password",
            "transitionnet-demo-ca",
            "keystore.password",
            COORDINATOR_SECRET + "-keystore",
            "operator.password",
            password("operator"),
            "researcher.password",
            password("researcher")));
    coordinator.setBootstrapProperties(Map.of("db.kind", "h2"));
    Path log = coordinator.directory().resolve("logs").resolve("messages.log");
    Files.deleteIfExists(log);
    coordinator.start();
    try {
      long deadline = System.nanoTime() + START.toNanos();
      String text = "";
      while (System.nanoTime() < deadline) {
        text = Files.exists(log) ? Files.readString(log) : "";
        // the refusal, or the application started (CWWKZ0001I) without refusing
        if (text.contains("refuses to start") || text.contains("CWWKZ0001I")) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(text)
          .as("the coordinator's log")
          .contains("the coordinator refuses to start until its secrets are set")
          .contains("coordinator.ca.password is a published default")
          .doesNotContain("CWWKZ0001I"); // the application did not start
      // and it serves no API (an error status, or no answer at all)
      int status;
      try {
        status =
            http.send(
                    auth(
                            HttpRequest.newBuilder(URI.create(COORDINATOR_API + "/consortium")),
                            "operator")
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                    BodyHandlers.ofString())
                .statusCode();
      } catch (IOException e) {
        status = -1;
      }
      assertThat(status).isNotEqualTo(200);
    } finally {
      coordinator.stop();
      coordinator.wipeState();
    }
  }

  @Test
  @Order(8)
  void dashboard_isServedToOperatorsAndResearchers_refusedWithoutCredentials() throws Exception {
    String dashboard = "https://localhost:" + HTTPS + "/dashboard/";
    for (String user : List.of("researcher", "operator")) {
      HttpResponse<String> page = fetch(dashboard, user + ":" + password(user));
      assertThat(page.statusCode()).as("%s: %s", user, page.body()).isEqualTo(200);
      assertThat(page.body())
          .contains("<title>TransitionNet coordinator dashboard</title>")
          .contains("src=\"dashboard.js\"");
    }
    // the bundle is in the WAR (transitionnet-dashboard in WEB-INF/lib), not fetched from anywhere
    HttpResponse<String> bundle =
        fetch(dashboard + "dashboard.js", "researcher:" + password("researcher"));
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body()).contains("/api/").hasSizeGreaterThan(10_000);

    for (String url : List.of(dashboard, dashboard + "dashboard.js", dashboard + "index.html")) {
      HttpResponse<String> anonymous = fetch(url, null);
      assertThat(anonymous.statusCode()).as(url).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
      assertThat(anonymous.body()).doesNotContain("TransitionNet coordinator dashboard");
    }
    assertThat(fetch(dashboard, "researcher:wrong-password").statusCode()).isEqualTo(401);
    // plain HTTP is sent to the HTTPS port, never answered with the page
    HttpResponse<String> plain =
        fetch("http://localhost:" + HTTP + "/dashboard/", "researcher:" + password("researcher"));
    assertThat(plain.statusCode()).isBetween(300, 399);
    assertThat(plain.headers().firstValue("Location"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("https://"));
  }

  /**
   * Load held: five secure jobs submitted at once over the two sites, while 50 clients poll the
   * coordinator's REST API. Every job completes with its round recorded once, and every poll is
   * answered 200.
   */
  @Test
  @Order(9)
  void load_fiveConcurrentJobs_underFiftyPollers_allCompleteAndEveryPollAnswers() throws Exception {
    awaitConnected(List.of("site-a", "site-b"), Duration.ofMinutes(2));
    List<String> jobs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String id = "it-load-" + i;
      submit(id, 1, true);
      jobs.add(id);
    }
    int pollers = 50;
    int pollsEach = 20;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(pollers);
    java.util.concurrent.ConcurrentLinkedQueue<Long> latencies =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.ConcurrentLinkedQueue<String> failures =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    for (int p = 0; p < pollers; p++) {
      String path = p % 2 == 0 ? "/jobs" : "/jobs/" + jobs.get(p % jobs.size());
      running.add(
          pool.submit(
              () -> {
                for (int n = 0; n < pollsEach; n++) {
                  long started = System.nanoTime();
                  try {
                    HttpResponse<String> answer =
                        http.send(
                            auth(
                                    HttpRequest.newBuilder(URI.create(COORDINATOR_API + path)),
                                    "researcher")
                                .timeout(Duration.ofSeconds(60))
                                .GET()
                                .build(),
                            BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                      failures.add(path + " -> " + answer.statusCode());
                    }
                  } catch (Exception e) {
                    failures.add(path + " -> " + e);
                  }
                  latencies.add(System.nanoTime() - started);
                }
                return null;
              }));
    }
    for (java.util.concurrent.Future<?> f : running) {
      f.get(5, java.util.concurrent.TimeUnit.MINUTES);
    }
    pool.shutdown();
    for (String id : jobs) {
      JsonNode job = awaitStatus(id, "COMPLETED", Duration.ofMinutes(5));
      assertThat(job.get("roundHistory")).as(id).hasSize(1);
    }
    List<Long> sorted = latencies.stream().sorted().toList();
    System.out.printf(
        java.util.Locale.ROOT,
        "load: 5 concurrent jobs completed; %d polls by %d clients, %d failed, latency p50 %.0f ms,"
            + " p95 %.0f ms, max %.0f ms%n",
        sorted.size(),
        pollers,
        failures.size(),
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.95)) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6);
    assertThat(failures).as("failed polls").isEmpty();
    assertThat(sorted).hasSize(pollers * pollsEach);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Task coordinatorTask() {
    try {
      return JSON.readValue(
          coordinator.directory().resolve("tasks").resolve(TASK + ".json").toFile(), Task.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static SiteIdentity enroll(String siteId) throws Exception {
    return enroll(
        siteId,
        post(COORDINATOR_API + "/sites/" + siteId + "/enrollment-token", "", "operator")
            .get("token")
            .asText());
  }

  private static SiteIdentity enroll(String siteId, String token) throws Exception {
    ManagedChannel enrollment =
        NettyChannelBuilder.forAddress("localhost", ENROLL)
            .sslContext(FederationTls.enrollingSite(root))
            .build();
    try {
      return EnrollmentClient.enroll(enrollment, SiteIdentity.generate(siteId), token);
    } finally {
      enrollment.shutdownNow();
    }
  }

  private static LibertyServer prepareNode(
      String name, int httpPort, int httpsPort, String siteId, String token) throws IOException {
    return ItNodes.prepareNode(
        name,
        httpPort,
        Map.ofEntries(
            Map.entry("http.port", Integer.toString(httpPort)),
            Map.entry("https.port", Integer.toString(httpsPort)),
            Map.entry("keystore.password", NODE_SECRET),
            Map.entry("federation.keystore-password", NODE_SECRET),
            Map.entry("users.steward.password", NODE_SECRET),
            Map.entry("users.auditor.password", NODE_SECRET),
            Map.entry("users.admin.password", NODE_SECRET),
            Map.entry("federation.site-id", siteId),
            Map.entry("federation.coordinator.host", "localhost"),
            Map.entry("federation.coordinator.port", Integer.toString(GRPC)),
            Map.entry("federation.enrollment.port", Integer.toString(ENROLL)),
            Map.entry("federation.enrollment-token", token),
            Map.entry("federation.root-sha256", rootSha256),
            Map.entry("federation.dataset", "pbc"),
            Map.entry("federation.reconnect-max", "PT3S")),
        // users.registry picks an included file, so it is a bootstrap property (like db.kind)
        Map.of("users.registry", "basic"));
  }

  /** Odd subject ids to the first site, even ones to the second: shares by patient. */
  private static String share(List<String> csv, int site) {
    StringBuilder out = new StringBuilder(csv.get(0)).append('\n');
    List<String> header = List.of(csv.get(0).replace("\"", "").split(","));
    int idColumn = header.indexOf("id");
    for (String line : csv.subList(1, csv.size())) {
      String id = line.split(",")[idColumn].replace("\"", "").trim();
      if (!id.isEmpty() && Integer.parseInt(id) % 2 == (site == 0 ? 1 : 0)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static void submit(String jobId, int rounds, boolean secureAggregation) throws Exception {
    submit(jobId, rounds, secureAggregation, Map.of());
  }

  private static void submit(
      String jobId, int rounds, boolean secureAggregation, Map<String, Object> extra)
      throws Exception {
    Map<String, Object> request =
        new java.util.HashMap<>(
            Map.of(
                "secureAggregation",
                secureAggregation,
                "jobId",
                jobId,
                "task",
                TASK,
                "modelSpec",
                "transition-mlp:hidden=16",
                "strategy",
                "fedavg",
                "rounds",
                rounds,
                "localSteps",
                10,
                "minSites",
                2,
                "roundTimeoutSeconds",
                120));
    request.putAll(extra);
    String body = JSON.writeValueAsString(request);
    JsonNode created = post(COORDINATOR_API + "/jobs", body, "researcher");
    assertThat(created.get("jobId").asText()).isEqualTo(jobId);
  }

  private static JsonNode awaitStatus(String jobId, String status, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = get(COORDINATOR_API + "/jobs/" + jobId, "researcher");
      if (job.get("status").asText().equals(status)) {
        return job;
      }
      if (job.get("status").asText().equals("FAILED")) {
        throw new AssertionError("job failed: " + job);
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("job " + jobId + " not " + status + " within " + timeout + ": " + job);
  }

  private static JsonNode awaitEvaluation(String jobId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = get(COORDINATOR_API + "/jobs/" + jobId, "researcher");
      String evaluation = job.get("evaluation").asText();
      if (evaluation.equals("completed")) {
        return job;
      }
      if (evaluation.startsWith("failed")) {
        throw new AssertionError("evaluation failed: " + job);
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("job " + jobId + " not evaluated within " + timeout + ": " + job);
  }

  private static void awaitRounds(String jobId, int rounds, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = get(COORDINATOR_API + "/jobs/" + jobId, "researcher");
      if (job.get("completedRounds").asInt() >= rounds) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("job " + jobId + " did not reach round " + rounds);
  }

  private static void awaitDisconnected(String siteId, Duration timeout) throws Exception {
    awaitSites(connected -> !connected.contains(siteId), siteId + " still connected", timeout);
  }

  private static void awaitConnected(List<String> siteIds, Duration timeout) throws Exception {
    awaitSites(connected -> connected.containsAll(siteIds), "sites not connected", timeout);
  }

  /** Polls the coordinator's sites view until the set of connected sites satisfies {@code done}. */
  private static void awaitSites(
      java.util.function.Predicate<java.util.Set<String>> done, String failure, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode sites = null;
    while (System.nanoTime() < deadline) {
      sites = get(COORDINATOR_API + "/sites", "operator");
      java.util.Set<String> connected = new java.util.HashSet<>();
      sites.forEach(
          s -> {
            if (s.get("connected").asBoolean()) connected.add(s.get("siteId").asText());
          });
      if (done.test(connected)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(failure + " within " + timeout + ": " + sites);
  }

  private static double[] model(String jobId, int version) throws Exception {
    JsonNode model = get(COORDINATOR_API + "/jobs/" + jobId + "/models/" + version, "researcher");
    double[] values = new double[model.get("parameters").size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = model.get("parameters").get(i).asDouble();
    }
    return values;
  }

  /** Opens a federation stream as {@code identity}; returns the welcome or the refusal. */
  private static Object connectAndAwaitWelcome(SiteIdentity identity) throws Exception {
    try (SiteStream stream = SiteStream.open(identity)) {
      return stream.next(Duration.ofSeconds(60));
    }
  }

  /** A federation stream opened by this test JVM playing a site. */
  private static final class SiteStream implements AutoCloseable {
    private final ManagedChannel channel;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private SiteStream(ManagedChannel channel) {
      this.channel = channel;
    }

    static SiteStream open(SiteIdentity identity) throws Exception {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", GRPC)
              .sslContext(
                  FederationTls.site(
                      identity,
                      new ConsortiumTrust(root, RevocationList.none(), Clock.systemUTC())))
              .build();
      SiteStream stream = new SiteStream(channel);
      StreamObserver<SiteMessage> out =
          FederationGrpc.newStub(channel)
              .connect(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(CoordinatorMessage message) {
                      if (message.hasWelcome()) {
                        stream.events.add(message);
                      }
                    }

                    @Override
                    public void onError(Throwable t) {
                      stream.events.add(
                          t instanceof StatusRuntimeException s
                              ? s
                              : new StatusRuntimeException(io.grpc.Status.fromThrowable(t)));
                    }

                    @Override
                    public void onCompleted() {
                      stream.events.add(new StatusRuntimeException(io.grpc.Status.CANCELLED));
                    }
                  });
      out.onNext(
          SiteMessage.newBuilder()
              .setHello(
                  SiteHello.newBuilder()
                      .setSiteId(identity.siteId())
                      .addProtocols("transitionnet.v1"))
              .build());
      return stream;
    }

    /** The welcome or the error that ended the stream. */
    Object next(Duration timeout) throws InterruptedException {
      Object event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("an answer from the coordinator").isNotNull();
      return event;
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow();
      channel.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static Path datasets() {
    return Path.of(System.getProperty("datasets.dir", "../datasets"));
  }

  private static JsonNode get(String url, String user) throws Exception {
    return send(auth(HttpRequest.newBuilder(URI.create(url)), user).GET(), 200);
  }

  /** GET on the first node's HTTPS API as one of its users (steward, auditor, admin). */
  private static JsonNode getNode(String path, String user) throws Exception {
    return send(nodeAuth(HttpRequest.newBuilder(URI.create(NODE_A + path)), user).GET(), 200);
  }

  private static HttpRequest.Builder nodeAuth(HttpRequest.Builder builder, String user) {
    String credentials = user + ":" + NODE_SECRET;
    return builder.header(
        "Authorization",
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode post(String url, String json, String user) throws Exception {
    return send(
        auth(HttpRequest.newBuilder(URI.create(url)), user)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        200,
        201);
  }

  private static HttpRequest.Builder auth(HttpRequest.Builder builder, String user) {
    if (user == null) {
      return builder;
    }
    String credentials = user + ":" + password(user);
    return builder
        .header("Accept", "application/json")
        .header("X-Requested-By", "FederationIT")
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> fetch(String url, String credentials) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode send(HttpRequest.Builder request, int... expected) throws Exception {
    HttpResponse<String> answer =
        http.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(expected)
        .as("status of %s: %s", answer.uri(), answer.body())
        .contains(answer.statusCode());
    return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
  }
}
