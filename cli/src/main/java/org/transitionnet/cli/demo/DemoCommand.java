package org.transitionnet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
  private static final int STEPS = 9;

  @Spec CommandSpec spec;

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

    console.println("TransitionNet demo: coordinator + " + SITES.size() + " hospital nodes");
    console.println("Output: " + outDir);
    int exit = 0;
    ServerFleet fleet = new ServerFleet();
    try {
      LibertyRuntime runtime = prepare(progress, outDir);
      List<SiteSplit.Share> shares = split(progress, report, datasets, outDir);
      startServers(progress, report, fleet, runtime, outDir);
      enroll(progress, report);
      importData(progress, report, fleet, shares, mappingJson);
      federatedJob(progress, report);
      evaluate(progress, report);

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

  private void startServers(
      Progress progress, DemoReport report, ServerFleet fleet, LibertyRuntime runtime, Path outDir)
      throws DemoFailure {
    progress.begin("Start a coordinator and " + SITES.size() + " nodes (Open Liberty, loopback)");
    Path userDir = outDir.resolve("servers");
    List<Integer> ports = FreePorts.allocate(4 + 2 * SITES.size());
    String keystorePassword = Long.toHexString(new java.security.SecureRandom().nextLong());
    Map<String, String> common =
        Map.of("log.format", "simple", "keystore.password", keystorePassword, "db.kind", "h2");
    ServerPorts coordinatorPorts =
        new ServerPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3));
    fleet.add(
        LibertyServer.create(
            runtime, userDir, COORDINATOR, ServerRole.COORDINATOR, coordinatorPorts, common));
    for (int i = 0; i < SITES.size(); i++) {
      String site = SITES.get(i);
      Map<String, String> vars = new java.util.LinkedHashMap<>(common);
      vars.put("tnet.site.id", site);
      // The stored dataset the node's site agent trains on.
      vars.put("federation.dataset", DATASET);
      vars.put("coordinator.host", "127.0.0.1");
      vars.put("coordinator.grpc.port", Integer.toString(coordinatorPorts.grpc()));
      vars.put("coordinator.enrollment.port", Integer.toString(coordinatorPorts.enrollment()));
      fleet.add(
          LibertyServer.create(
              runtime,
              userDir,
              site,
              ServerRole.NODE,
              ServerPorts.web(ports.get(4 + 2 * i), ports.get(5 + 2 * i)),
              vars));
    }
    fleet.startAll(Duration.ofSeconds(startupTimeoutSeconds), progress);
    report.step(
        new DemoStep(
            "Start the servers",
            DemoStep.Status.DONE,
            fleet.servers().size() + " Liberty servers ready (/health/ready UP)"));
    progress.done("all " + fleet.servers().size() + " servers ready");
  }

  private void enroll(Progress progress, DemoReport report) {
    progress.begin("Enroll the nodes with the coordinator (mutual TLS)");
    notAvailable(
        progress,
        report,
        "Enroll the nodes (mutual TLS)",
        "the coordinator's enrollment API and the node's enrollment client have not landed yet");
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
      LibertyServer node =
          fleet.servers().stream()
              .filter(s -> s.name().equals(share.site()))
              .findFirst()
              .orElseThrow();
      NodeApi api = new NodeApi(share.site(), node.baseUri());
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

  private void federatedJob(Progress progress, DemoReport report) {
    progress.begin("Run a federated job (secure aggregation, differential privacy)");
    notAvailable(
        progress,
        report,
        "Federated job (secure aggregation, DP)",
        "the coordinator's job API and the node's site agent have not landed yet");
  }

  private void evaluate(Progress progress, DemoReport report) {
    progress.begin("Distribute the benchmark evaluation to the sites");
    notAvailable(
        progress,
        report,
        "Distributed benchmark evaluation",
        "needs a trained federated model and the coordinator's evaluation API");
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
