package org.transitionnet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transitionnet.cli.demo.report.Svg;
import org.transitionnet.cli.research.CoordinatorClient;
import org.transitionnet.cli.research.CoordinatorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tnet demo}: a coordinator and three hospital nodes as four Open Liberty servers on
 * loopback (one Liberty install, four server directories, free ports chosen at start), each site's
 * share of the pbc trial imported through its node's REST API, the federated steps, the leaderboard
 * and an HTML report; then every server is stopped, also on Ctrl-C or failure.
 *
 * <p>Steps whose modules have not landed yet are reported as not available; no result is ever made
 * up.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a coordinator and three hospital nodes on this machine, load each site's data,"
          + " run what the federation can do today, write leaderboard.json and report.html,"
          + " and stop the servers."
    })
public final class DemoCommand implements Callable<Integer> {

  /** The demo's three hospitals. */
  public static final List<String> SITES = List.of("site-a", "site-b", "site-c");

  static final String COORDINATOR = "coordinator";
  static final String TASK = "pbc-labs-v1";
  static final String DATASET = "pbcseq";
  private static final int STEPS = 12;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  private List<Integer> ports;
  private String keystorePassword;

  /** This run's generated coordinator passwords, for the credentials file. */
  private String operatorPassword;

  private String researcherPassword;

  /** Per site, how the demo reaches its node's HTTPS API, with this run's generated users. */
  private final Map<String, NodeApi.Access> nodeAccess = new java.util.LinkedHashMap<>();

  /** The FHIR extraction task (its JSON) and the training task made from it, unless --no-fhir. */
  private String fhirTaskJson;

  private org.transitionnet.task.Task fhirTraining;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      description =
          "Where the report, leaderboard.json, logs and server directories go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--keep-running",
      description = "Leave the servers up after the demo; stop them later with --stop.")
  boolean keepRunning;

  @Option(
      names = "--stop",
      description = "Only stop the servers an earlier --keep-running run left in --out.")
  boolean stopOnly;

  @Option(
      names = "--runtime",
      description =
          "The demo runtime the deploy module builds (default: deploy/target/tnet-runtime).")
  Path runtimeDir;

  @Option(
      names = "--datasets",
      description = "The datasets directory (default: datasets/ of the project).")
  Path datasetsDir;

  @Option(
      names = "--startup-timeout",
      defaultValue = "240",
      description = "Seconds to wait for the servers to be ready (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Rounds of the federated job (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--job-timeout",
      defaultValue = "480",
      description =
          "Seconds to wait for the sites to enroll and for the federated job to finish"
              + " (default: ${DEFAULT-VALUE}).")
  int jobTimeoutSeconds;

  @Option(
      names = "--secure-aggregation",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Securely aggregate the sites' model updates: each node masks its update with pairwise"
              + " masks, so the coordinator learns only the sum of the sites' updates. On by"
              + " default; --no-secure-aggregation sends plain updates (faster, see"
              + " docs/deployment.md).")
  boolean secureAggregation;

  @Option(
      names = "--dp-epsilon",
      defaultValue = "3.0",
      paramLabel = "EPSILON",
      description =
          "Record-level differential privacy for the federated job: each site trains with DP-SGD"
              + " and spends at most EPSILON (default: ${DEFAULT-VALUE}; smaller is more private"
              + " and noisier).")
  double dpEpsilon;

  @Option(
      names = "--dp-delta",
      defaultValue = "1e-5",
      paramLabel = "DELTA",
      description = "The DP delta (default: ${DEFAULT-VALUE}).")
  double dpDelta;

  @Option(names = "--no-dp", description = "Run the federated job without differential privacy.")
  boolean noDp;

  @Option(
      names = "--protocol",
      defaultValue = "full",
      paramLabel = "full|federated",
      description =
          "The pbc job's benchmark protocol: full (default) also trains local:<site> at each site"
              + " alone and loso:<site> over the other two, as sub-jobs once the job's rounds are"
              + " done, and the leaderboard adds them and the cross-site matrix; federated has the"
              + " baselines and FedAvg only (faster).")
  String protocol;

  @Option(
      names = "--site-epsilon-budget",
      defaultValue = "20",
      paramLabel = "EPSILON",
      description =
          "Each demo node's record-level privacy budget (a node's default is 10). Under the full"
              + " protocol a site trains four times for the pbc job (the job, local, two loso) and"
              + " once for the FHIR job, each spending up to --dp-epsilon; a node declines a job its"
              + " budget cannot cover (default: ${DEFAULT-VALUE}).")
  double siteEpsilonBudget;

  @Option(
      names = "--evaluation-epsilon",
      defaultValue = "0",
      paramLabel = "EPSILON",
      description =
          "Each node's evaluation release: 0 (default) sends exact sums, suppressed below k; a"
              + " positive EPSILON makes every node release its leaderboard sums through the"
              + " Gaussian mechanism at EPSILON per release, each charged to its privacy budget"
              + " (about ten releases per node under the full protocol; see tnet bench"
              + " evaluation-privacy for what it does to the metrics).")
  double evaluationEpsilon;

  @Option(
      names = "--fhir-task",
      defaultValue = "bp-antihypertensive",
      paramLabel = "NAME",
      description =
          "The FHIR extraction task (tasks/fhir/NAME.json) each node imports its site's Synthea"
              + " export (datasets/synthea/<site>) with (default: ${DEFAULT-VALUE}).")
  String fhirTask;

  @Option(
      names = "--fhir-rounds",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "Rounds of the second, short federated job on the imported FHIR data; 0 skips it"
              + " (default: ${DEFAULT-VALUE}).")
  int fhirRounds;

  @Option(
      names = "--no-fhir",
      description =
          "Skip the Synthea FHIR import (it reads ~300,000 FHIR resources per site; about a minute"
              + " or two here).")
  boolean noFhir;

  /** Runs the demo on its own, without the {@code tnet} top command. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path outDir = out.toAbsolutePath().normalize();
    if (stopOnly) {
      return stopKept(outDir, console, err);
    }
    if (rounds < 1) {
      err.println("tnet demo: --rounds must be at least 1, got " + rounds);
      return 2;
    }
    if (!noDp && !(dpEpsilon > 0 && Double.isFinite(dpEpsilon))) {
      err.println("tnet demo: --dp-epsilon must be a positive number, got " + dpEpsilon);
      return 2;
    }
    if (!protocol.equals("full") && !protocol.equals("federated")) {
      err.println("tnet demo: --protocol must be full or federated, got '" + protocol + "'");
      return 2;
    }
    if (!(siteEpsilonBudget > 0 && Double.isFinite(siteEpsilonBudget))) {
      err.println(
          "tnet demo: --site-epsilon-budget must be a positive number, got " + siteEpsilonBudget);
      return 2;
    }
    if (!(evaluationEpsilon >= 0 && Double.isFinite(evaluationEpsilon))) {
      err.println(
          "tnet demo: --evaluation-epsilon must be 0 (exact) or a positive number, got "
              + evaluationEpsilon);
      return 2;
    }
    if (!noDp && !(dpDelta > 0 && dpDelta < 1)) {
      err.println("tnet demo: --dp-delta must be between 0 and 1 (exclusive), got " + dpDelta);
      return 2;
    }
    if (!noFhir && !fhirTask.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
      err.println("tnet demo: --fhir-task must name a file of tasks/fhir/, got '" + fhirTask + "'");
      return 2;
    }
    Progress progress = new Progress(console, STEPS);
    Path datasets =
        datasetsDir != null
            ? datasetsDir
            : RuntimeBuild.projectRoot()
                .map(r -> r.resolve("datasets"))
                .filter(Files::isDirectory)
                .orElseGet(DemoCommand::defaultDatasets);
    Path mappingFile = datasets.resolve("pbc").resolve("pbc-mapping.json");
    DemoReport report;
    String mappingJson;
    try {
      mappingJson = Files.readString(mappingFile);
      report = new DemoReport(TASK, SITES, targets(mappingJson));
    } catch (IOException e) {
      err.println("tnet demo: cannot read the pbc mapping " + mappingFile + ": " + e.getMessage());
      return 2;
    }

    if (!noFhir) {
      Path taskFile = fhirTaskFile(datasets);
      try {
        fhirTaskJson = Files.readString(taskFile);
        fhirTraining = FhirTrainingTask.of(JSON.readTree(fhirTaskJson));
      } catch (IOException | IllegalArgumentException e) {
        err.println(
            "tnet demo: cannot read the FHIR task "
                + taskFile
                + " (--fhir-task "
                + fhirTask
                + "): "
                + e.getMessage());
        return 2;
      }
    }
    console.println("TransitionNet demo: coordinator + " + SITES.size() + " hospital nodes");
    console.println("Output: " + outDir);
    int exit = 0;
    ServerFleet fleet = new ServerFleet();
    try {
      LibertyRuntime runtime = prepare(progress, outDir);
      List<SiteSplit.Share> shares = split(progress, report, datasets, outDir);
      Coordinator coordinator = startCoordinator(progress, report, fleet, runtime, outDir);
      Map<String, String> tokens = approveSites(progress, report, coordinator);
      startNodes(progress, report, fleet, runtime, outDir, coordinator, tokens, datasets);
      importData(progress, report, fleet, shares, mappingJson);
      importFhir(progress, report, fleet, datasets);
      String jobId = federatedJob(progress, report, coordinator, fleet);
      evaluate(progress, report, coordinator, fleet, jobId);
      fhirJob(progress, report, coordinator, fleet);

      progress.begin("Leaderboard and report");
      report.printTable(console);
      report.write(outDir);
      report.step(
          new DemoStep(
              "Leaderboard and report", DemoStep.Status.DONE, "leaderboard.json, report.html"));
      progress.done("wrote " + outDir.resolve("leaderboard.json") + " and report.html");
    } catch (DemoFailure | IOException | UncheckedIOException e) {
      exit = 1;
      err.println("tnet demo FAILED: " + e.getMessage());
      report.step(new DemoStep("(failure)", DemoStep.Status.FAILED, e.getMessage()));
    } finally {
      if (!finish(progress, report, fleet, outDir, err, exit == 0)) {
        exit = 1;
      }
    }
    summary(console, report, progress);
    return exit;
  }

  private LibertyRuntime prepare(Progress progress, Path outDir) throws DemoFailure, IOException {
    progress.begin("Prepare the Liberty runtime and " + outDir);
    List<String> stopped = KeptServers.stopRecorded(outDir);
    if (!stopped.isEmpty()) {
      progress.detail("stopped servers left running by an earlier run: " + stopped);
    }
    Path location = runtimeDir;
    if (location == null) {
      var root = RuntimeBuild.projectRoot();
      if (root.isPresent() && RuntimeBuild.needed(root.get())) {
        Path log = outDir.resolve("build.log");
        progress.detail(
            "building the runtime (./mvnw -pl deploy,!cli -am package), output in " + log + " ...");
        RuntimeBuild.build(root.get(), log);
      }
      location =
          root.map(r -> r.resolve(LibertyRuntime.DEFAULT_LOCATION))
              .orElseGet(LibertyRuntime::defaultLocation);
    }
    LibertyRuntime runtime = LibertyRuntime.open(location);
    progress.detail("Open Liberty in " + runtime.wlp());
    // A fresh start: earlier data, logs and databases go (each server keeps only its Liberty
    // caches, see LibertyServer); nothing outside the output directory is touched.
    LibertyServer.deleteTree(outDir.resolve("data"));
    Files.deleteIfExists(outDir.resolve("leaderboard.json"));
    Files.deleteIfExists(outDir.resolve("report.html"));
    Files.createDirectories(outDir);
    progress.done("ok");
    return runtime;
  }

  private List<SiteSplit.Share> split(
      Progress progress, DemoReport report, Path datasets, Path outDir) {
    progress.begin("Split the pbc trial (pbcseq.csv) across " + SITES.size() + " sites by subject");
    List<SiteSplit.Share> shares =
        SiteSplit.split(
            datasets.resolve("pbc").resolve("pbcseq.csv"), SITES, outDir.resolve("data"));
    for (SiteSplit.Share s : shares) {
      progress.detail(s.site() + ": " + s.subjects() + " subjects, " + s.rows() + " visits");
      report.siteData(s.site(), new DemoReport.SiteData(s, null));
    }
    report.step(
        new DemoStep(
            "Split the pbc trial across the sites",
            DemoStep.Status.DONE,
            shares.stream().mapToInt(SiteSplit.Share::subjects).sum() + " subjects"));
    progress.done("ok");
    return shares;
  }

  /** The running coordinator as the demo talks to it. */
  private record Coordinator(
      LibertyServer server,
      CoordinatorOperator operator,
      CoordinatorClient researcher,
      CoordinatorOperator.Consortium consortium) {}

  private Coordinator startCoordinator(
      Progress progress, DemoReport report, ServerFleet fleet, LibertyRuntime runtime, Path outDir)
      throws DemoFailure, IOException {
    progress.begin("Start the coordinator (Open Liberty, loopback)");
    Path userDir = outDir.resolve("servers");
    ports = FreePorts.allocate(4 + 2 * SITES.size());
    keystorePassword = randomSecret();
    operatorPassword = randomSecret();
    researcherPassword = randomSecret();
    Map<String, String> vars = new java.util.LinkedHashMap<>(common());
    // Fresh credentials for this run instead of the documented demo defaults.
    vars.put("operator.user", "operator");
    vars.put("operator.password", operatorPassword);
    // encrypts the consortium root key in the coordinator's database
    vars.put("coordinator.ca.password", randomSecret());
    vars.put("researcher.user", "researcher");
    vars.put("researcher.password", researcherPassword);
    ServerPorts coordinatorPorts =
        new ServerPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3));
    LibertyServer server =
        LibertyServer.create(
            runtime, userDir, COORDINATOR, ServerRole.COORDINATOR, coordinatorPorts, vars);
    fleet.add(server);
    if (fhirTraining != null) {
      // The training task of the FHIR data, where coordinator and nodes read task files.
      Path file = server.dir().resolve("tasks").resolve(fhirTraining.name() + ".json");
      Files.createDirectories(file.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), fhirTraining);
    }
    fleet.start(List.of(server), Duration.ofSeconds(startupTimeoutSeconds), progress);

    Path pem = outDir.resolve("coordinator-https.pem");
    String host =
        CoordinatorOperator.exportHttpsCertificate(
            server.dir(), keystorePassword.toCharArray(), pem);
    URI https = URI.create("https://" + host + ":" + coordinatorPorts.https());
    CoordinatorOperator operator =
        new CoordinatorOperator(https, "operator", operatorPassword, pem);
    CoordinatorClient researcher;
    try {
      researcher = new CoordinatorClient(https, "researcher", researcherPassword, pem);
    } catch (java.security.GeneralSecurityException e) {
      throw new DemoFailure("cannot trust the coordinator's certificate " + pem + ": " + e, e);
    }
    CoordinatorOperator.Consortium consortium = operator.consortium();
    progress.detail("REST API " + https + "/api (HTTPS certificate exported to " + pem + ")");
    progress.detail(
        "consortium '" + consortium.name() + "', root SHA-256 " + consortium.rootSha256());
    report.step(
        new DemoStep(
            "Start the coordinator",
            DemoStep.Status.DONE,
            "ready; consortium root SHA-256 " + consortium.rootSha256()));
    progress.done("coordinator ready");
    return new Coordinator(server, operator, researcher, consortium);
  }

  private Map<String, String> approveSites(
      Progress progress, DemoReport report, Coordinator coordinator) throws DemoFailure {
    progress.begin("Approve the sites: one-time enrollment tokens (operator REST API)");
    Map<String, String> tokens = new java.util.LinkedHashMap<>();
    for (String site : SITES) {
      tokens.put(site, coordinator.operator().issueEnrollmentToken(site));
      progress.detail(site + ": token issued (POST /api/sites/" + site + "/enrollment-token)");
    }
    report.step(
        new DemoStep(
            "Approve the sites",
            DemoStep.Status.DONE,
            tokens.size() + " one-time enrollment tokens issued"));
    progress.done(tokens.size() + " tokens issued");
    return tokens;
  }

  private void startNodes(
      Progress progress,
      DemoReport report,
      ServerFleet fleet,
      LibertyRuntime runtime,
      Path outDir,
      Coordinator coordinator,
      Map<String, String> tokens,
      Path datasets)
      throws DemoFailure {
    progress.begin(
        "Start " + SITES.size() + " hospital nodes; they enroll and connect (mutual TLS)");
    Path userDir = outDir.resolve("servers");
    ServerPorts cp = coordinator.server().ports();
    List<LibertyServer> nodes = new ArrayList<>();
    for (int i = 0; i < SITES.size(); i++) {
      String site = SITES.get(i);
      Map<String, String> vars = new java.util.LinkedHashMap<>(common());
      vars.put("tnet.site.id", site);
      vars.put("federation.site-id", site);
      vars.put("federation.coordinator.host", "127.0.0.1");
      vars.put("federation.coordinator.port", Integer.toString(cp.grpc()));
      vars.put("federation.enrollment.port", Integer.toString(cp.enrollment()));
      vars.put("federation.enrollment-token", tokens.get(site));
      vars.put("federation.root-sha256", coordinator.consortium().rootSha256());
      vars.put("federation.policy.consortium", coordinator.consortium().name());
      vars.put("federation.keystore-password", randomSecret());
      // The node's API: HTTPS only, three users (one per role) with passwords made for this run.
      Map<NodeApi.Role, String> passwords = new java.util.EnumMap<>(NodeApi.Role.class);
      for (NodeApi.Role role : NodeApi.Role.values()) {
        passwords.put(role, randomSecret());
      }
      vars.put("users.registry", "basic");
      vars.put("users.steward.password", passwords.get(NodeApi.Role.DATA_STEWARD));
      vars.put("users.auditor.password", passwords.get(NodeApi.Role.AUDITOR));
      vars.put("users.admin.password", passwords.get(NodeApi.Role.NODE_ADMIN));
      nodePasswords.put(site, passwords);
      // The stored dataset the node's site agent trains on, and the task files (the same files
      // the coordinator holds).
      vars.put("federation.dataset", DATASET);
      if (fhirTraining != null) {
        vars.put("federation.dataset." + fhirTraining.name(), fhirDataset());
      }
      vars.put("federation.tasks.dir", coordinator.server().dir().resolve("tasks").toString());
      vars.put("federation.reconnect-max", "PT5S");
      vars.put("federation.privacy.epsilon", Double.toString(siteEpsilonBudget));
      vars.put("federation.evaluation.epsilon", Double.toString(evaluationEpsilon));
      // The node reads FHIR exports only below this folder: the shipped Synthea sites.
      vars.put("fhir.import.root", synthea(datasets).toAbsolutePath().normalize().toString());
      LibertyServer node =
          LibertyServer.create(
              runtime,
              userDir,
              site,
              ServerRole.NODE,
              ServerPorts.web(ports.get(4 + 2 * i), ports.get(5 + 2 * i)),
              vars);
      fleet.add(node);
      nodes.add(node);
    }
    fleet.start(nodes, Duration.ofSeconds(startupTimeoutSeconds), progress);
    for (LibertyServer node : nodes) {
      nodeAccess.put(node.name(), access(node, outDir, nodePasswords.get(node.name())));
    }
    Path credentials = writeCredentials(outDir);
    progress.detail(
        "each node's REST API is HTTPS-only and needs a login: this run's generated users and"
            + " passwords are in "
            + credentials
            + " (owner-only)");
    awaitEnrolled(progress, coordinator, nodes);
    report.step(
        new DemoStep(
            "Start the nodes and enroll them (mutual TLS)",
            DemoStep.Status.DONE,
            nodes.size() + " nodes enrolled and connected to the coordinator"));
    progress.done("all " + nodes.size() + " nodes enrolled and connected");
  }

  /** Per site, its node users' generated passwords, until the node's access is known. */
  private final Map<String, Map<NodeApi.Role, String>> nodePasswords =
      new java.util.LinkedHashMap<>();

  /** Exports the node's HTTPS certificate and trusts only it. */
  private NodeApi.Access access(
      LibertyServer node, Path outDir, Map<NodeApi.Role, String> passwords) throws DemoFailure {
    Path pem = outDir.resolve(node.name() + "-https.pem");
    try {
      String host =
          CoordinatorOperator.exportHttpsCertificate(
              node.dir(), keystorePassword.toCharArray(), pem);
      return new NodeApi.Access(
          node.name(),
          URI.create("https://" + host + ":" + node.ports().https()),
          CoordinatorOperator.trusting(pem),
          passwords);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new DemoFailure(
          node.name() + ": cannot trust the node's HTTPS certificate " + pem + ": " + e, e);
    }
  }

  /** The node API of {@code site}, as the demo user holding {@code role}. */
  private NodeApi nodeApi(String site, NodeApi.Role role) throws DemoFailure {
    NodeApi.Access access = nodeAccess.get(site);
    if (access == null) {
      throw new DemoFailure(site + ": its node has not started");
    }
    return new NodeApi(access, role);
  }

  /**
   * Writes this run's generated credentials (coordinator and every node user) to {@code
   * credentials.txt}, readable by its owner only: the demo shows them nowhere else.
   */
  private Path writeCredentials(Path outDir) throws DemoFailure {
    Path file = outDir.resolve("credentials.txt");
    StringBuilder text =
        new StringBuilder(
            "# TransitionNet demo: the users and passwords this run generated (HTTP Basic over"
                + " HTTPS).\n# Each server's HTTPS certificate is beside this file"
                + " (coordinator-https.pem, <site>-https.pem).\n");
    text.append("coordinator operator   operator ").append(operatorPassword).append('\n');
    text.append("coordinator researcher researcher ").append(researcherPassword).append('\n');
    for (NodeApi.Access a : nodeAccess.values()) {
      for (NodeApi.Role role : NodeApi.Role.values()) {
        text.append(a.site())
            .append(' ')
            .append(a.https())
            .append(' ')
            .append(role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .append(' ')
            .append(role.user)
            .append(' ')
            .append(a.passwords().get(role))
            .append('\n');
      }
    }
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text.toString());
    } catch (IOException e) {
      throw new DemoFailure("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Waits until every node reports itself enrolled and connected, and the coordinator agrees. */
  private void awaitEnrolled(Progress progress, Coordinator coordinator, List<LibertyServer> nodes)
      throws DemoFailure {
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(jobTimeoutSeconds);
    java.util.Set<String> reported = new java.util.HashSet<>();
    while (true) {
      Map<String, String> problems = new java.util.TreeMap<>();
      for (LibertyServer node : nodes) {
        JsonNode status = nodeApi(node.name(), NodeApi.Role.NODE_ADMIN).federationStatus();
        boolean ready = status.path("enrolled").asBoolean() && status.path("connected").asBoolean();
        if (ready) {
          if (reported.add(node.name())) {
            progress.detail(
                node.name()
                    + ": enrolled (certificate "
                    + status.path("certificateSerial").asText("?")
                    + "), connected to "
                    + status.path("coordinator").asText("?"));
          }
        } else {
          problems.put(
              node.name(),
              status.path("state").asText("?")
                  + (status.path("problem").asText("").isBlank()
                      ? ""
                      : " (" + status.path("problem").asText() + ")"));
        }
      }
      if (problems.isEmpty()) {
        List<String> connected = new ArrayList<>();
        for (JsonNode site : coordinator.operator().sites()) {
          if ("enrolled".equals(site.path("status").asText())
              && site.path("connected").asBoolean()) {
            connected.add(site.path("siteId").asText());
          }
        }
        if (connected.containsAll(SITES)) {
          progress.detail("coordinator: sites enrolled and connected " + connected);
          return;
        }
        problems.put("coordinator", "sees enrolled and connected only " + connected);
      }
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new DemoFailure(
            "the nodes did not all enroll and connect within "
                + jobTimeoutSeconds
                + " s: "
                + problems);
      }
      pause(Duration.ofSeconds(1));
    }
  }

  private void importData(
      Progress progress,
      DemoReport report,
      ServerFleet fleet,
      List<SiteSplit.Share> shares,
      String mappingJson)
      throws DemoFailure {
    progress.begin("Load each site's data through its node's REST API");
    long total = 0;
    for (SiteSplit.Share share : shares) {
      NodeApi api = nodeApi(share.site(), NodeApi.Role.DATA_STEWARD);
      api.putMapping(DATASET, mappingJson);
      NodeApi.ImportCounts counts = api.importCsv(DATASET, share.file());
      long held = api.records(DATASET);
      progress.detail(
          String.format(
              java.util.Locale.ROOT,
              "%s: %d rows -> %d transitions, %d stored, %d rejected; node holds %d records",
              share.site(),
              counts.rowsRead(),
              counts.transitionsMade(),
              counts.stored(),
              counts.rejected(),
              held));
      if (held == 0) {
        throw new DemoFailure(share.site() + " stored no record of its share " + share.file());
      }
      report.siteData(share.site(), new DemoReport.SiteData(share, counts));
      total += held;
    }
    report.step(
        new DemoStep(
            "Load each site's data",
            DemoStep.Status.DONE,
            total + " transition records stored across " + shares.size() + " nodes"));
    progress.done(total + " records stored across " + shares.size() + " nodes");
  }

  /**
   * Each node imports its site's Synthea FHIR export (Bulk Data NDJSON under {@code
   * datasets/synthea/<site>}, read by the node itself below its {@code fhir.import.root}) into the
   * dataset {@code synthea-<task>} with the FHIR extraction task; the three imports run at once.
   */
  private void importFhir(Progress progress, DemoReport report, ServerFleet fleet, Path datasets)
      throws DemoFailure {
    String title = "Import the Synthea FHIR exports";
    progress.begin(title + " (task " + fhirTask + ", one export per site)");
    if (noFhir) {
      report.step(new DemoStep(title, DemoStep.Status.SKIPPED, "--no-fhir"));
      progress.done("skipped (--no-fhir)");
      return;
    }
    String taskJson = fhirTaskJson;
    Path root = synthea(datasets);
    for (String site : SITES) {
      if (!Files.isDirectory(root.resolve(site))) {
        throw new DemoFailure(
            "no Synthea export for " + site + ": " + root.resolve(site) + " is not a directory");
      }
    }
    String dataset = fhirDataset();
    progress.detail(
        "each node reads "
            + root
            + "/<site> itself (POST /api/datasets/"
            + dataset
            + "/fhir/bulk-directory); a node's first FHIR import also builds its FHIR context");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(SITES.size());
    Map<String, java.util.concurrent.Future<NodeApi.ImportCounts>> running =
        new java.util.LinkedHashMap<>();
    try {
      for (String site : SITES) {
        NodeApi api = nodeApi(site, NodeApi.Role.DATA_STEWARD);
        running.put(
            site,
            pool.submit(
                () -> {
                  api.putFhirTask(dataset, taskJson);
                  NodeApi.ImportCounts counts = api.importFhirDirectory(dataset, site);
                  progress.detail(site + ": " + fhirCounts(counts));
                  return counts;
                }));
      }
      java.time.Instant started = java.time.Instant.now();
      long stored = 0;
      long rejected = 0;
      for (var e : running.entrySet()) {
        NodeApi.ImportCounts counts = awaitImport(progress, running, e.getValue(), started);
        report.fhirData(e.getKey(), counts);
        stored += counts.stored() + counts.alreadyPresent();
        rejected += counts.rejected();
      }
      String detail =
          stored
              + " transition records from FHIR in '"
              + dataset
              + "' across "
              + SITES.size()
              + " nodes, "
              + rejected
              + " rejected";
      report.step(new DemoStep(title, DemoStep.Status.DONE, detail));
      progress.done(detail);
    } finally {
      pool.shutdownNow();
    }
  }

  private String fhirDataset() {
    return "synthea-" + fhirTask;
  }

  /**
   * A second, short federated job on the FHIR data the nodes imported, with the same privacy
   * settings; its training task comes from the FHIR task file ({@link FhirTrainingTask}).
   */
  private void fhirJob(
      Progress progress, DemoReport report, Coordinator coordinator, ServerFleet fleet)
      throws DemoFailure {
    String title = "Federated job on the FHIR data";
    progress.begin(
        title
            + " (task "
            + (fhirTraining == null ? fhirTask : fhirTraining.name())
            + ", "
            + fhirRounds
            + " rounds)");
    if (fhirTraining == null || fhirRounds <= 0) {
      String why = fhirTraining == null ? "--no-fhir" : "--fhir-rounds 0";
      report.step(new DemoStep(title, DemoStep.Status.SKIPPED, why));
      progress.done("skipped (" + why + ")");
      return;
    }
    progress.detail(
        "targets "
            + fhirTraining.targetNames()
            + ", actions "
            + fhirTraining.actions()
            + " (from tasks/fhir/"
            + fhirTask
            + ".json)");
    report.fhirNote(
        "The job on this data trains task "
            + fhirTraining.name()
            + " as derived from tasks/fhir/"
            + fhirTask
            + ".json: targets "
            + fhirTraining.targetNames()
            + " (predicted from their baseline values, age, sex and the listed conditions),"
            + " actions "
            + fhirTraining.actions()
            + "; a step under two medication classes at once sets no action column.");
    JobOutcome job =
        runJob(
            progress,
            coordinator,
            fleet,
            fhirTraining.name(),
            fhirRounds,
            "demo-fhir-",
            "federated");
    report.job(title, job.jobId(), job.view(), job.dp(), job.secure());
    report.step(new DemoStep(title, DemoStep.Status.DONE, job.summary()));
    progress.done("job " + job.jobId() + " COMPLETED");
  }

  /** Waits for one site's FHIR import, saying every 30 s which imports are still running. */
  private static NodeApi.ImportCounts awaitImport(
      Progress progress,
      Map<String, java.util.concurrent.Future<NodeApi.ImportCounts>> running,
      java.util.concurrent.Future<NodeApi.ImportCounts> one,
      java.time.Instant started)
      throws DemoFailure {
    while (true) {
      try {
        return one.get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        List<String> busy =
            running.entrySet().stream()
                .filter(x -> !x.getValue().isDone())
                .map(Map.Entry::getKey)
                .toList();
        progress.detail(
            "still importing after "
                + Duration.between(started, java.time.Instant.now()).toSeconds()
                + " s: "
                + busy);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof DemoFailure f) {
          throw f;
        }
        throw new DemoFailure("a FHIR import failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted while the nodes imported FHIR data", e);
      }
    }
  }

  /** One site's FHIR import in a line: resources read, records, rejections and drops by reason. */
  static String fhirCounts(NodeApi.ImportCounts c) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                java.util.Locale.ROOT,
                "%,d FHIR resources read -> %,d transitions, %,d stored, %,d already present,"
                    + " %,d rejected",
                c.rowsRead(),
                c.transitionsMade(),
                c.stored(),
                c.alreadyPresent(),
                c.rejected()));
    if (!c.rejectedByReason().isEmpty()) {
      line.append(" ").append(c.rejectedByReason());
    }
    if (!c.dropped().isEmpty()) {
      line.append("; not made by the task's rules: ").append(c.dropped());
    }
    line.append(
        String.format(java.util.Locale.ROOT, " (%.1f s at the node)", c.durationMillis() / 1000.0));
    return line.toString();
  }

  private static LibertyServer node(ServerFleet fleet, String site) {
    return fleet.servers().stream().filter(s -> s.name().equals(site)).findFirst().orElseThrow();
  }

  private static Path synthea(Path datasets) {
    return datasets.resolve("synthea");
  }

  private Path fhirTaskFile(Path datasets) {
    Path base = datasets.toAbsolutePath().normalize().getParent();
    return (base == null ? Path.of("tasks") : base.resolve("tasks"))
        .resolve("fhir")
        .resolve(fhirTask + ".json");
  }

  /**
   * Submits the federated job through the researcher REST API and follows its rounds: secure
   * aggregation unless {@code --no-secure-aggregation}, record-level differential privacy unless
   * {@code --no-dp}. DP is dropped, and the demo says so, only when this coordinator refuses it
   * (400 naming a dp field on submit); a job that fails is a failed demo.
   */
  private String federatedJob(
      Progress progress, DemoReport report, Coordinator coordinator, ServerFleet fleet)
      throws DemoFailure {
    progress.begin(
        "Run a federated job on the pbc data (FedAvg, "
            + rounds
            + " rounds, "
            + SITES.size()
            + " sites, secure aggregation "
            + (secureAggregation ? "on" : "off")
            + ", DP "
            + (noDp ? "off" : "epsilon " + Svg.num(dpEpsilon))
            + ")");
    progress.detail(
        "protocol "
            + protocol
            + (protocol.equals("full")
                ? " (then local:<site> and loso:<site> as sub-jobs, see --protocol)"
                : "")
            + "; each node's privacy budget epsilon "
            + Svg.num(siteEpsilonBudget)
            + (evaluationEpsilon > 0
                ? "; evaluation releases differentially private, epsilon "
                    + Svg.num(evaluationEpsilon)
                    + " each"
                : "; evaluation releases exact (k-suppressed)"));
    JobOutcome job = runJob(progress, coordinator, fleet, TASK, rounds, "demo-fedavg-", protocol);
    report.job(job.jobId(), job.view(), job.dp(), job.secure());
    report.step(new DemoStep("Federated job", DemoStep.Status.DONE, job.summary()));
    progress.done("job " + job.jobId() + " COMPLETED");
    return job.jobId();
  }

  /**
   * A federated job as it ended.
   *
   * @param dp what the demo can say of its differential privacy (asked, refused, epsilon spent)
   * @param secure what the demo can say of its secure aggregation (and what the audit logs show)
   */
  private record JobOutcome(String jobId, JsonNode view, String dp, String secure) {
    String summary() {
      return jobId
          + ": "
          + view.path("roundHistory").size()
          + " rounds completed; differential privacy "
          + dp
          + "; secure aggregation "
          + secure;
    }
  }

  /**
   * Submits a federated job through the researcher REST API and follows its rounds: secure
   * aggregation unless {@code --no-secure-aggregation}, record-level differential privacy unless
   * {@code --no-dp}. DP is dropped, and the demo says so, only when this coordinator refuses it
   * (400 naming a dp field on submit); a job that fails is a failed demo.
   */
  private JobOutcome runJob(
      Progress progress,
      Coordinator coordinator,
      ServerFleet fleet,
      String task,
      int jobRounds,
      String idPrefix,
      String jobProtocol)
      throws DemoFailure {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("protocol", jobProtocol);
    spec.put("task", task);
    spec.put("modelSpec", "transition-mlp:hidden=32,32");
    spec.put("strategy", "fedavg");
    spec.put("rounds", jobRounds);
    spec.put("localSteps", 20);
    spec.put("minSites", SITES.size());
    spec.put("roundTimeoutSeconds", 120);
    spec.put("seed", 42);
    spec.put("secureAggregation", secureAggregation);
    String dp = "off (--no-dp)";
    if (!noDp) {
      spec.put("dpLevel", "record");
      spec.put("dpEpsilon", dpEpsilon);
      spec.put("dpDelta", dpDelta);
      dp = "record level, epsilon " + Svg.num(dpEpsilon) + ", delta " + dpDelta;
    }
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(jobTimeoutSeconds);

    String jobId;
    JsonNode submitted;
    while (true) {
      jobId = idPrefix + Long.toHexString(System.currentTimeMillis());
      spec.put("jobId", jobId);
      try {
        submitted = coordinator.researcher().submit(spec.toString());
        break;
      } catch (CoordinatorException e) {
        if (e.status() == 400 && e.field().startsWith("dp") && spec.has("dpEpsilon")) {
          dp = "NOT AVAILABLE (the coordinator refused it: " + e.getMessage() + ")";
          progress.detail("differential privacy: " + dp + "; running the job without it");
          spec.remove(List.of("dpLevel", "dpEpsilon", "dpDelta"));
          continue;
        }
        throw new DemoFailure("the coordinator refused the job: " + e.getMessage(), e);
      }
    }
    boolean secureAsked = spec.path("secureAggregation").asBoolean();
    if (submitted.has("secureAggregation")
        && submitted.path("secureAggregation").asBoolean() != secureAsked) {
      throw new DemoFailure(
          "job "
              + jobId
              + ": asked for secureAggregation="
              + secureAsked
              + " but the coordinator recorded "
              + submitted.path("secureAggregation"));
    }
    progress.detail(
        "submitted job "
            + jobId
            + " (POST /api/jobs, status "
            + submitted.path("status").asText("?")
            + ", secure aggregation "
            + submitted.path("secureAggregation").asText("?")
            + ")");
    JsonNode view = watch(progress, coordinator, jobId, jobRounds, deadline);
    if (!"COMPLETED".equals(view.path("status").asText())) {
      throw new DemoFailure(
          "federated job "
              + jobId
              + " FAILED: "
              + view.path("failure").asText("no reason given")
              + "; decisions: "
              + view.path("decisions"));
    }
    String secure =
        secureAsked
            ? "on (" + checkMaskedOnly(progress, fleet, jobId) + ")"
            : "off (--no-secure-aggregation)";
    JsonNode spent = view.path("epsilonSpent");
    if (spec.has("dpEpsilon")) {
      dp +=
          spent.isNumber()
              ? "; epsilon spent " + String.format(java.util.Locale.ROOT, "%.3f", spent.asDouble())
              : "; the coordinator did not report the epsilon spent";
    }
    progress.detail("differential privacy: " + dp);
    if (spec.has("dpEpsilon")) {
      ledgers(progress, fleet);
    }
    progress.detail("secure aggregation: " + secure);
    return new JobOutcome(jobId, view, dp, secure);
  }

  /** Prints each site's privacy ledger: the record-level epsilon spent of its budget. */
  private void ledgers(Progress progress, ServerFleet fleet) throws DemoFailure {
    for (String site : SITES) {
      var ledger = nodeApi(site, NodeApi.Role.AUDITOR).privacyLedger();
      if (ledger.isEmpty()) {
        progress.detail(
            site + ": this node build keeps no privacy ledger (GET /api/privacy/ledger)");
        continue;
      }
      JsonNode l = ledger.get();
      progress.detail(
          String.format(
              java.util.Locale.ROOT,
              "%s privacy ledger: record-level epsilon spent %.3f of the site's budget %s"
                  + " (remaining %.3f)",
              site,
              l.path("record").path("epsilonSpent").asDouble(),
              l.path("budgetEpsilon").asText("?"),
              l.path("record").path("epsilonRemaining").asDouble()));
    }
  }

  /**
   * Checks in every node's outbound audit log that {@code jobId}'s updates left only masked: the
   * node's entries for that job (each entry names its job, round and attempt) hold secure
   * aggregation messages and no plain update chunk. Returns what it found, in a phrase.
   */
  private String checkMaskedOnly(Progress progress, ServerFleet fleet, String jobId)
      throws DemoFailure {
    long masked = 0;
    for (String site : SITES) {
      AuditCounts counts = auditOf(fleet, site, jobId);
      progress.detail(
          String.format(
              java.util.Locale.ROOT,
              "%s outbound audit log: %d secure-aggregation messages, %d plain update chunks,"
                  + " hash chain %s (job %s)",
              site,
              counts.secagg(),
              counts.plain(),
              counts.intact() ? "intact" : "BROKEN",
              jobId));
      if (counts.plain() > 0 || counts.secagg() == 0 || !counts.intact()) {
        throw new DemoFailure(
            site
                + ": secure aggregation was asked for but the node's audit log shows "
                + counts.secagg()
                + " secure-aggregation messages and "
                + counts.plain()
                + " plain update chunks for job "
                + jobId
                + " (log "
                + (counts.intact() ? "intact" : "broken: " + counts.problem())
                + "): "
                + counts.kinds());
      }
      masked += counts.secagg();
    }
    return "the nodes' audit logs show "
        + masked
        + " secure-aggregation messages for this job and no plain update; the coordinator saw"
        + " only the sum";
  }

  /**
   * Checks each protocol sub-job in the audit logs of the sites that trained it: a model trained at
   * one site alone ({@code local:<site>}) leaves as plain update chunks, since one site has nobody
   * to mask with; a securely aggregated sub-job ({@code loso:<site>} over two or more sites) must
   * have left every participant only masked.
   */
  private void auditProtocolJobs(
      Progress progress, Coordinator coordinator, ServerFleet fleet, String jobId)
      throws DemoFailure {
    JsonNode parent;
    try {
      parent = coordinator.researcher().job(jobId);
    } catch (CoordinatorException e) {
      throw new DemoFailure("could not read job " + jobId + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, JsonNode> sub : parent.path("protocolJobs").properties()) {
      String method = sub.getKey();
      String subId = sub.getValue().asText();
      JsonNode view;
      try {
        view = coordinator.researcher().job(subId);
      } catch (CoordinatorException e) {
        throw new DemoFailure("could not read sub-job " + subId + ": " + e.getMessage(), e);
      }
      boolean secure = view.path("secureAggregation").asBoolean();
      java.util.Set<String> trained = new java.util.TreeSet<>();
      view.path("roundHistory")
          .forEach(r -> r.path("reported").forEach(s -> trained.add(s.asText())));
      for (String site : trained) {
        AuditCounts counts = auditOf(fleet, site, subId);
        progress.detail(
            String.format(
                java.util.Locale.ROOT,
                "%s outbound audit log for %s (%s): %d plain update chunks, %d secure-aggregation"
                    + " messages, log %s",
                site,
                method,
                secure ? "securely aggregated" : "plain: its own model",
                counts.plain(),
                counts.secagg(),
                counts.intact() ? "intact" : "BROKEN"));
        if (!counts.intact()) {
          throw new DemoFailure(
              site + ": the outbound audit log does not verify: " + counts.problem());
        }
        if (secure && (counts.plain() > 0 || counts.secagg() == 0)) {
          throw new DemoFailure(
              site
                  + ": sub-job "
                  + subId
                  + " was securely aggregated but the node's audit log shows "
                  + counts.plain()
                  + " plain update chunks and "
                  + counts.secagg()
                  + " secure-aggregation messages for it: "
                  + counts.kinds());
        }
      }
    }
  }

  /**
   * A node's audit counts by kind for one job, and the whole log's check.
   *
   * @param kinds messages of the job by kind
   * @param intact whether the log's chain, MACs and head check out
   * @param problem what is wrong with the log, when not intact
   */
  private record AuditCounts(Map<String, Integer> kinds, boolean intact, String problem) {
    int secagg() {
      return kinds.getOrDefault("secagg", 0);
    }

    int plain() {
      return kinds.getOrDefault("update_chunk", 0);
    }
  }

  private AuditCounts auditOf(ServerFleet fleet, String site, String jobId) throws DemoFailure {
    JsonNode audit = nodeApi(site, NodeApi.Role.AUDITOR).audit(jobId);
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    audit
        .path("counts")
        .fields()
        .forEachRemaining(f -> kinds.put(f.getKey(), f.getValue().asInt()));
    JsonNode verification = audit.path("verification");
    return new AuditCounts(
        kinds, verification.path("intact").asBoolean(), verification.path("problem").asText(""));
  }

  /** Follows a job until it completes or fails; prints each recorded round once. */
  private JsonNode watch(
      Progress progress,
      Coordinator coordinator,
      String jobId,
      int jobRounds,
      java.time.Instant deadline)
      throws DemoFailure {
    int shown = 0;
    while (true) {
      JsonNode view;
      try {
        view = coordinator.researcher().job(jobId);
      } catch (CoordinatorException e) {
        throw new DemoFailure("could not read job " + jobId + ": " + e.getMessage(), e);
      }
      JsonNode history = view.path("roundHistory");
      for (int i = shown; i < history.size(); i++) {
        JsonNode r = history.get(i);
        progress.detail(
            String.format(
                    java.util.Locale.ROOT,
                    "round %d/%d: %d/%d sites reported, %d samples, %s (%s)",
                    r.path("round").asInt(),
                    jobRounds,
                    r.path("reported").size(),
                    r.path("participants").size(),
                    r.path("totalSamples").asLong(),
                    DemoReport.trainingLoss(r),
                    r.path("closedBy").asText())
                + DemoReport.epsilonSpent(r)
                + DemoReport.failures(r));
      }
      shown = Math.max(shown, history.size());
      String status = view.path("status").asText();
      if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
        return view;
      }
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new DemoFailure(
            "federated job "
                + jobId
                + " did not finish within "
                + jobTimeoutSeconds
                + " s (status "
                + status
                + ", "
                + history.size()
                + " rounds recorded)");
      }
      pause(Duration.ofSeconds(2));
    }
  }

  /** How long the demo waits for the coordinator's evaluation of a finished job. */
  private static final Duration EVALUATION_WAIT = Duration.ofMinutes(20);

  /**
   * Fetches the job's leaderboard once the coordinator's evaluation at the sites ended; the
   * evaluation step is done only if it carries results.
   */
  private void evaluate(
      Progress progress,
      DemoReport report,
      Coordinator coordinator,
      ServerFleet fleet,
      String jobId)
      throws DemoFailure {
    progress.begin(
        "Fetch the job's leaderboard (distributed evaluation at the sites"
            + (protocol.equals("full")
                ? "; first local:<site> and loso:<site> are trained as sub-jobs)"
                : ")"));
    JsonNode board;
    // the coordinator evaluates a finished job at the sites in the background: wait for it
    long deadline = System.nanoTime() + EVALUATION_WAIT.toNanos();
    String shown = "";
    while (true) {
      try {
        board = JSON.readTree(coordinator.researcher().leaderboard(jobId));
      } catch (CoordinatorException e) {
        throw new DemoFailure(
            "could not fetch the leaderboard of " + jobId + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new DemoFailure("the leaderboard of " + jobId + " is not JSON: " + e.getMessage(), e);
      }
      String evaluation = board.path("evaluation").asText("");
      if (!(evaluation.equals("pending") || evaluation.equals("running"))
          || System.nanoTime() > deadline) {
        break;
      }
      String now = "evaluation " + evaluation + " " + board.path("evaluation_progress").asText("");
      if (!now.equals(shown)) {
        progress.detail(now);
        shown = now;
      }
      pause(Duration.ofSeconds(2));
    }
    report.leaderboard(board);
    board
        .path("settings")
        .path("evaluation_release")
        .fields()
        .forEachRemaining(
            f ->
                progress.detail(
                    f.getKey()
                        + " released differentially private sums: "
                        + f.getValue()
                        + " (see its privacy ledger: GET /api/privacy/ledger on the node)"));
    if (board.path("settings").path("protocol").asText("").equals("full")) {
      auditProtocolJobs(progress, coordinator, fleet, jobId);
      board
          .path("settings")
          .path("evaluation_failures")
          .fields()
          .forEachRemaining(
              f -> progress.detail("no result for " + f.getKey() + ": " + f.getValue()));
      if (board.has("cross_site")) {
        progress.detail(
            "cross-site matrix: local:<site> models of "
                + board.path("cross_site").path("trained_at")
                + " evaluated at "
                + board.path("cross_site").path("evaluated_at"));
      }
    }
    boolean evaluated = false;
    for (JsonNode m : board.path("methods")) {
      JsonNode results = m.path("results");
      if (results.isObject() && !results.isEmpty() || results.isArray() && !results.isEmpty()) {
        evaluated = true;
      }
    }
    if (evaluated) {
      report.step(
          new DemoStep(
              "Distributed benchmark evaluation",
              DemoStep.Status.DONE,
              "the coordinator's leaderboard carries the sites' results"));
      progress.done("leaderboard with results from the sites");
    } else {
      String why =
          "the coordinator's leaderboard for "
              + jobId
              + " has no results (evaluation: "
              + board.path("evaluation").asText("not reported")
              + "); distributed evaluation has not landed in this build";
      notAvailable(progress, report, "Distributed benchmark evaluation", why);
    }
  }

  private Map<String, String> common() {
    return Map.of("log.format", "simple", "keystore.password", keystorePassword, "db.kind", "h2");
  }

  private static String randomSecret() {
    byte[] bytes = new byte[12];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static void pause(Duration d) throws DemoFailure {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted", e);
    }
  }

  private static void notAvailable(Progress progress, DemoReport report, String title, String why) {
    progress.notAvailable(why);
    report.step(new DemoStep(title, DemoStep.Status.NOT_AVAILABLE, why));
  }

  /** Stops the servers (or leaves them up); returns false if one could not be stopped. */
  private boolean finish(
      Progress progress,
      DemoReport report,
      ServerFleet fleet,
      Path outDir,
      PrintWriter err,
      boolean succeeded) {
    if (keepRunning && succeeded) {
      progress.begin("Leave the servers running (--keep-running)");
      try {
        KeptServers.write(outDir, fleet.servers());
      } catch (IOException e) {
        err.println("could not record the running servers: " + e.getMessage());
      }
      fleet.detach();
      for (LibertyServer s : fleet.servers()) {
        progress.detail(
            s.name() + ": " + s.baseUri() + "  (logs: " + s.dir().resolve("logs") + ")");
      }
      progress.done("stop them with: ./tnet demo --stop --out " + outDir);
      return true;
    }
    progress.begin("Stop the servers");
    fleet.close();
    List<String> stillUp = new ArrayList<>();
    for (LibertyServer s : fleet.servers()) {
      if (s.isRunning() || FreePorts.inUse(s.ports().http())) {
        stillUp.add(s.name());
      }
    }
    if (stillUp.isEmpty()) {
      report.step(new DemoStep("Stop the servers", DemoStep.Status.DONE, "all stopped"));
      progress.done("all stopped, ports released");
    } else {
      report.step(new DemoStep("Stop the servers", DemoStep.Status.FAILED, "still up: " + stillUp));
      progress.done("STILL UP: " + stillUp);
    }
    if (!succeeded) {
      try {
        report.write(outDir);
      } catch (IOException e) {
        err.println("could not write the report: " + e.getMessage());
      }
    }
    return stillUp.isEmpty();
  }

  private static void summary(PrintWriter console, DemoReport report, Progress progress) {
    console.println();
    console.println("Summary:");
    for (DemoStep s : report.steps()) {
      console.printf(java.util.Locale.ROOT, "  %-15s %s: %s%n", s.status(), s.title(), s.detail());
    }
    console.printf(java.util.Locale.ROOT, "Finished in %.1f s%n", progress.elapsedSeconds());
    console.flush();
  }

  private int stopKept(Path outDir, PrintWriter console, PrintWriter err) {
    try {
      List<String> stopped = KeptServers.stopRecorded(outDir);
      console.println(
          stopped.isEmpty() ? "No demo server was running in " + outDir : "Stopped " + stopped);
      return 0;
    } catch (IOException e) {
      err.println("tnet demo --stop: " + e.getMessage());
      return 1;
    }
  }

  private static List<String> targets(String mappingJson) throws IOException {
    JsonNode mapping = new ObjectMapper().readTree(mappingJson);
    List<String> targets = new ArrayList<>();
    mapping.path("targets").forEach(t -> targets.add(t.asText()));
    return targets;
  }

  private static Path defaultDatasets() {
    String home = System.getProperty("tnet.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home).resolve("datasets");
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("datasets").resolve("pbc"))) {
        return p.resolve("datasets");
      }
    }
    return Path.of("datasets").toAbsolutePath();
  }
}
