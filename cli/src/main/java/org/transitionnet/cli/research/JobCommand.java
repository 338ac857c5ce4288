package org.transitionnet.cli.research;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tnet job}: a researcher's federated training jobs on the coordinator — submit one from a
 * file, watch it with a live progress bar, list them, fetch a leaderboard, download a model
 * version. Exit codes: 0 done, 1 the job failed, 2 the coordinator refused or was unreachable.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description =
        "Federated training jobs on the coordinator (REST API, HTTP Basic; TNET_COORDINATOR,"
            + " TNET_USER, TNET_PASSWORD, TNET_CA_CERT).",
    subcommands = {
      JobCommand.Submit.class,
      JobCommand.Watch.class,
      JobCommand.ListJobs.class,
      JobCommand.Leaderboard.class,
      JobCommand.Model.class
    })
public final class JobCommand implements Runnable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Exit code when the coordinator refused the request or could not be reached. */
  public static final int REFUSED = 2;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  abstract static class Base implements Callable<Integer> {
    @Mixin CoordinatorOptions coordinator;
    @Spec CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public Integer call() {
      try {
        return run(coordinator.client(System.getenv()));
      } catch (CoordinatorException e) {
        err().println("tnet job: " + e.getMessage());
        return REFUSED;
      } catch (IOException e) {
        err().println("tnet job: " + e.getMessage());
        return REFUSED;
      }
    }

    abstract int run(CoordinatorClient client) throws CoordinatorException, IOException;
  }

  /** {@code tnet job submit FILE}. */
  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description =
          "Submit a job from a JSON file (jobId, task, modelSpec, strategy, rounds, localSteps,"
              + " minSites, secureAggregation, dpLevel, dpEpsilon, seed, protocol, ...; see"
              + " docs/guide-researcher.md). The --dp-* and --protocol options set the file's"
              + " fields.")
  static final class Submit extends Base {
    @Parameters(paramLabel = "FILE", description = "the job request (JSON)")
    Path file;

    @Option(
        names = "--dp-level",
        paramLabel = "LEVEL",
        description =
            "record (DP-SGD at every site, protects a patient record), client (clipped updates"
                + " with distributed noise, protects a site's contribution; needs"
                + " secureAggregation) or none")
    String dpLevel;

    @Option(
        names = "--dp-epsilon",
        paramLabel = "EPS",
        description = "the job's target epsilon over all rounds (record level unless --dp-level)")
    Double dpEpsilon;

    @Option(names = "--dp-delta", paramLabel = "DELTA", description = "DP delta (default 1e-5)")
    Double dpDelta;

    @Option(
        names = "--dp-clip-norm",
        paramLabel = "C",
        description = "L2 clip: per example (record) or per site update (client) (default 1)")
    Double dpClipNorm;

    @Option(
        names = "--protocol",
        paramLabel = "full|federated",
        description =
            "full: once the job's rounds are done the coordinator also trains local:<site> (each"
                + " site alone) and loso:<site> (all other sites) as sub-jobs, and the leaderboard"
                + " adds them and the cross-site matrix (each sub-job spends the sites' privacy"
                + " budget); federated (the default): the baselines and the job's strategy")
    String protocol;

    @Option(names = "--watch", description = "watch it until it ends")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2")
    double interval;

    @Option(
        names = "--max-failures",
        paramLabel = "N",
        defaultValue = "5",
        description =
            "while watching, give up after N consecutive failed polls (coordinator unreachable or"
                + " 5xx; each is reported and retried, the wait doubling up to 30 s); 401, 403 and"
                + " 404 end the watch at once (default: ${DEFAULT-VALUE})")
    int maxFailures = JobWatcher.DEFAULT_MAX_FAILURES;

    /**
     * The request with the --dp-* and --protocol options set (the file unchanged when none is
     * given).
     */
    String withPrivacy(String body) throws CoordinatorException {
      if (dpLevel == null
          && dpEpsilon == null
          && dpDelta == null
          && dpClipNorm == null
          && protocol == null) {
        return body;
      }
      ObjectNode request;
      try {
        JsonNode parsed = JSON.readTree(body);
        if (!(parsed instanceof ObjectNode object)) {
          throw new CoordinatorException(0, "FILE", file + " does not hold a JSON object");
        }
        request = object;
      } catch (JsonProcessingException e) {
        throw new CoordinatorException(
            0, "FILE", file + " is not valid JSON: " + e.getOriginalMessage());
      }
      if (dpLevel != null) {
        request.put("dpLevel", dpLevel);
      }
      if (dpEpsilon != null) {
        request.put("dpEpsilon", dpEpsilon);
      }
      if (dpDelta != null) {
        request.put("dpDelta", dpDelta);
      }
      if (dpClipNorm != null) {
        request.put("dpClipNorm", dpClipNorm);
      }
      if (protocol != null) {
        request.put("protocol", protocol);
      }
      return request.toString();
    }

    @Override
    int run(CoordinatorClient client) throws CoordinatorException, IOException {
      String body;
      try {
        body = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new CoordinatorException(0, "FILE", "no job file " + file);
      }
      body = withPrivacy(body);
      JsonNode job = client.submit(body);
      String id = job.path("jobId").asText();
      out().println("submitted " + id + " (" + job.path("status").asText() + ")");
      JsonNode dp = job.path("dp");
      if (!dp.isMissingNode() && !dp.path("level").asText("none").equals("none")) {
        out()
            .printf(
                Locale.ROOT,
                "differential privacy: %s level, epsilon %s, delta %s, clip norm %s%n",
                dp.path("level").asText(),
                dp.path("epsilon").asText(),
                dp.path("delta").asText(),
                dp.path("clipNorm").asText());
      }
      out().flush();
      return watch ? JobWatcher.watch(client::job, id, interval, maxFailures, out(), err()) : 0;
    }
  }

  /** {@code tnet job watch JOB}. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description =
          "Follow a job with a live progress bar (round, sites reported, loss, epsilon spent)"
              + " until it completes or fails. A failed poll (coordinator unreachable or 5xx) is"
              + " reported and retried; the watch gives up after --max-failures (default 5) in a"
              + " row (exit 2), or at once on 401, 403 or 404.")
  static final class Watch extends Base {
    @Parameters(paramLabel = "JOB")
    String jobId;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2")
    double interval;

    @Option(
        names = "--max-failures",
        paramLabel = "N",
        defaultValue = "5",
        description =
            "while watching, give up after N consecutive failed polls (coordinator unreachable or"
                + " 5xx; each is reported and retried, the wait doubling up to 30 s); 401, 403 and"
                + " 404 end the watch at once (default: ${DEFAULT-VALUE})")
    int maxFailures = JobWatcher.DEFAULT_MAX_FAILURES;

    @Override
    int run(CoordinatorClient client) throws CoordinatorException {
      return JobWatcher.watch(client::job, jobId, interval, maxFailures, out(), err());
    }
  }

  /** {@code tnet job list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs.")
  static final class ListJobs extends Base {
    @Override
    int run(CoordinatorClient client) throws CoordinatorException {
      out()
          .printf(
              Locale.ROOT,
              "%-24s %-10s %-10s %-16s %-7s %-20s %s%n",
              "job",
              "status",
              "strategy",
              "task",
              "rounds",
              "privacy",
              "protocol");
      for (JsonNode j : client.jobs()) {
        out()
            .printf(
                Locale.ROOT,
                "%-24s %-10s %-10s %-16s %-7s %-20s %s%n",
                j.path("jobId").asText(),
                j.path("status").asText(),
                j.path("strategy").asText(),
                j.path("task").asText(),
                j.path("completedRounds").asInt() + "/" + j.path("rounds").asInt(),
                privacy(j),
                protocol(j));
      }
      return 0;
    }

    /** "full", "federated", or for a protocol sub-job "local:site-a of JOB". */
    static String protocol(JsonNode job) {
      if (job.hasNonNull("parentJob")) {
        return job.path("method").asText() + " of " + job.path("parentJob").asText();
      }
      return job.path("protocol").asText("federated");
    }

    /**
     * "record eps 2.00/3.00" (the most any site has spent of the job's target), "no DP" for a job
     * without differential privacy.
     */
    static String privacy(JsonNode job) {
      JsonNode dp = job.path("dp");
      String level = dp.path("level").asText("none");
      if (level.equals("none") || level.isEmpty()) {
        return "no DP";
      }
      return String.format(
          Locale.ROOT,
          "%s eps %.2f/%.2f",
          level,
          job.path("epsilonSpent").asDouble(0),
          dp.path("epsilon").asDouble());
    }
  }

  /** {@code tnet job leaderboard JOB}. */
  @Command(
      name = "leaderboard",
      mixinStandardHelpOptions = true,
      description =
          "Fetch a job's leaderboard (§8 leaderboard.json), or with --task a task's (every"
              + " evaluated job's methods, each with its job), to stdout or a file.")
  static final class Leaderboard extends Base {
    @Parameters(paramLabel = "JOB", arity = "0..1", description = "the job (or use --task)")
    String jobId;

    @Option(
        names = "--task",
        paramLabel = "TASK",
        description = "the task's leaderboard across its evaluated jobs instead of one job's")
    String task;

    @Option(names = "--out", paramLabel = "FILE", description = "write it here instead of stdout")
    Path outFile;

    @Override
    int run(CoordinatorClient client) throws CoordinatorException, IOException {
      if ((jobId == null) == (task == null)) {
        throw new CoordinatorException(0, "JOB", "name a JOB or a --task, not both or neither");
      }
      String json = task != null ? client.taskLeaderboard(task) : client.leaderboard(jobId);
      if (outFile == null) {
        out().print(json.endsWith("\n") ? json : json + "\n");
      } else {
        Files.writeString(outFile, json);
        out().println("wrote " + outFile);
      }
      return 0;
    }
  }

  /** {@code tnet job model JOB VERSION --out FILE}. */
  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description =
          "Download a model version (0 = initial, r = after round r) as its flat parameter"
              + " vector, little-endian float64 (.f64); `tnet whatif --parameters` reads it.")
  static final class Model extends Base {
    @Parameters(index = "0", paramLabel = "JOB")
    String jobId;

    @Parameters(index = "1", paramLabel = "VERSION")
    int version;

    @Option(names = "--out", paramLabel = "FILE", required = true)
    Path outFile;

    @Override
    int run(CoordinatorClient client) throws CoordinatorException, IOException {
      byte[] bytes = client.model(jobId, version);
      if (bytes.length % Double.BYTES != 0) {
        throw new CoordinatorException(
            200, "", "a model of " + bytes.length + " bytes is not float64s");
      }
      Files.write(outFile, bytes);
      out()
          .println(
              "wrote "
                  + outFile
                  + ": "
                  + bytes.length / Double.BYTES
                  + " parameters of "
                  + jobId
                  + " version "
                  + version);
      return 0;
    }
  }

  /** Reads a downloaded {@code .f64} model version. */
  public static double[] readParameters(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length % Double.BYTES != 0) {
      throw new IOException(
          file + ": " + bytes.length + " bytes is not a whole number of float64s");
    }
    double[] values = new double[bytes.length / Double.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }
}
