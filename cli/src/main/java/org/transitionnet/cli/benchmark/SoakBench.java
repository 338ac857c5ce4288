package org.transitionnet.cli.benchmark;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transitionnet.federation.simulation.SoakBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tnet bench soak}: one secure-aggregation job of many rounds over many sites on loopback
 * mutual TLS ({@link SoakBenchmark}); fails (exit 1) on any error, a round not completed, or live
 * heap grown beyond the tolerance between round 1 and the last round.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "Soak: one job of --rounds rounds with secure aggregation over --sites simulated sites,"
            + " coordinator and sites in this JVM over loopback mutual TLS (real gRPC Netty server"
            + " and channels, certificates from a test consortium authority). Training is not"
            + " soaked: each site returns the global model plus a constant. Reports errors (must"
            + " be 0), rounds completed and the live heap after round 1 and after the last round"
            + " (must stay within 1.10 x the first + 8 MiB); exit 1 when any check fails.")
public final class SoakBench implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sites",
      defaultValue = "50",
      description = "simulated sites, all in every round (default: ${DEFAULT-VALUE})")
  int sites;

  @Option(
      names = "--rounds",
      defaultValue = "20",
      description = "rounds of the job (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--parameters",
      defaultValue = "2668",
      description =
          "model parameters (default: ${DEFAULT-VALUE}, the default transition model's size)")
  int parameters;

  @Option(
      names = "--round-timeout-seconds",
      defaultValue = "600",
      description =
          "deadline of each round attempt; a round that misses it is an error (default:"
              + " ${DEFAULT-VALUE})")
  long roundTimeoutSeconds;

  @Option(names = "--json", description = "print the result as one JSON object")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (sites < 2 || rounds < 1 || parameters < 1 || roundTimeoutSeconds < 1) {
      err.println(
          "tnet bench soak: needs --sites >= 2, --rounds >= 1, --parameters >= 1 and"
              + " --round-timeout-seconds >= 1");
      return 2;
    }
    if (!json) {
      out.printf(
          Locale.ROOT,
          "soak: %d sites x %d rounds, %d parameters, secure aggregation over loopback mutual"
              + " TLS (constant updates, no training)%n",
          sites,
          rounds,
          parameters);
      out.flush();
    }
    SoakBenchmark.Result r =
        SoakBenchmark.run(sites, rounds, parameters, Duration.ofSeconds(roundTimeoutSeconds));
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.print(json ? json(r, load) : text(r, load));
    out.flush();
    return r.passed() ? 0 : 1;
  }

  static String text(SoakBenchmark.Result r, double load) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT, "rounds completed      %d of %d%n", r.roundsCompleted(), r.rounds()));
    s.append(String.format(Locale.ROOT, "errors                %d%n", r.errors()));
    s.append(
        String.format(
            Locale.ROOT, "heap after round 1    %s%n", megabytes(r.heapAfterFirstRoundBytes())));
    s.append(
        String.format(
            Locale.ROOT,
            "heap after round %-4d %s",
            r.rounds(),
            megabytes(r.heapAfterLastRoundBytes())));
    if (r.heapMeasured()) {
      s.append(
          String.format(
              Locale.ROOT,
              " (%+.1f MB; limit %.1f MB = %.2f x round 1 + %d MiB)",
              r.heapGrowthBytes() / 1e6,
              r.heapLimitBytes() / 1e6,
              SoakBenchmark.HEAP_GROWTH_FACTOR,
              SoakBenchmark.HEAP_SLACK_BYTES >> 20));
    }
    s.append(System.lineSeparator());
    s.append(
        String.format(
            Locale.ROOT,
            "time                  setup %.1f s, rounds %.1f s (%.1f s per round), wall %.1f s%n",
            r.setupMillis() / 1e3,
            r.roundsMillis() / 1e3,
            r.roundsMillis() / 1e3 / Math.max(1, r.roundsCompleted()),
            r.wallMillis() / 1e3));
    s.append(String.format(Locale.ROOT, "load average          %.1f%n", load));
    for (String e : r.errorDetails()) {
      s.append("error: ").append(e).append(System.lineSeparator());
    }
    if (r.errors() > r.errorDetails().size()) {
      s.append(
          String.format(
              Locale.ROOT, "error: ... and %d more%n", r.errors() - r.errorDetails().size()));
    }
    s.append(r.passed() ? "PASSED" : "FAILED").append(System.lineSeparator());
    return s.toString();
  }

  private static String megabytes(long bytes) {
    return bytes < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static String json(SoakBenchmark.Result r, double load) {
    StringBuilder s = new StringBuilder("{");
    s.append("\"sites\":").append(r.sites());
    s.append(",\"rounds\":").append(r.rounds());
    s.append(",\"parameters\":").append(r.parameters());
    s.append(",\"roundsCompleted\":").append(r.roundsCompleted());
    s.append(",\"errors\":").append(r.errors());
    s.append(",\"errorDetails\":[");
    for (int i = 0; i < r.errorDetails().size(); i++) {
      s.append(i == 0 ? "" : ",").append(quote(r.errorDetails().get(i)));
    }
    s.append("]");
    s.append(",\"heapAfterRound1Bytes\":").append(r.heapAfterFirstRoundBytes());
    s.append(",\"heapAfterLastRoundBytes\":").append(r.heapAfterLastRoundBytes());
    s.append(",\"heapGrowthBytes\":").append(r.heapGrowthBytes());
    s.append(",\"heapLimitBytes\":").append(r.heapLimitBytes());
    s.append(",\"heapGrowthFactor\":").append(SoakBenchmark.HEAP_GROWTH_FACTOR);
    s.append(",\"heapSlackBytes\":").append(SoakBenchmark.HEAP_SLACK_BYTES);
    s.append(",\"heapWithinTolerance\":").append(r.heapWithinTolerance());
    s.append(",\"setupMillis\":").append(r.setupMillis());
    s.append(",\"roundsMillis\":").append(r.roundsMillis());
    s.append(",\"wallMillis\":").append(r.wallMillis());
    s.append(",\"loadAverage\":")
        .append(load < 0 ? "null" : String.format(Locale.ROOT, "%.2f", load));
    s.append(",\"passed\":").append(r.passed());
    return s.append("}").append(System.lineSeparator()).toString();
  }

  private static String quote(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }
}
