package org.transitionnet.cli.research;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Polls a job and draws its progress on one line: a bar of rounds done, the round, sites reported
 * in the last round out of those asked, its mean training loss, and the privacy budget spent (ε)
 * where the coordinator reports one.
 */
final class JobWatcher {

  private static final int WIDTH = 24;

  /** Consecutive failed polls (unreachable or 5xx) after which a watch gives up, by default. */
  static final int DEFAULT_MAX_FAILURES = 5;

  /** The longest wait between two polls after failures (the wait doubles after each one). */
  static final double MAX_RETRY_WAIT_SECONDS = 30;

  /** One poll of a job's view (the seam tests replace). */
  @FunctionalInterface
  interface Poll {
    JsonNode job(String jobId) throws CoordinatorException;
  }

  private JobWatcher() {}

  /**
   * Watches until the job completes (0) or fails (1). A poll that fails transiently (no answer, or
   * a 5xx, 408 or 429) is reported on one line and retried, the wait doubling after each failure up
   * to {@link #MAX_RETRY_WAIT_SECONDS}; after {@code maxFailures} consecutive failures the watch
   * gives up ({@link JobCommand#REFUSED}). Any other refusal (401, 403, 404, ...) ends it at once.
   *
   * @param interval seconds between polls
   * @param maxFailures consecutive failed polls to give up after (at least 1)
   */
  static int watch(
      Poll poll, String jobId, double interval, int maxFailures, PrintWriter out, PrintWriter err)
      throws CoordinatorException {
    boolean terminal = System.console() != null;
    int limit = Math.max(1, maxFailures);
    String last = "";
    int failures = 0;
    while (true) {
      JsonNode job;
      try {
        job = poll.job(jobId);
        failures = 0;
      } catch (CoordinatorException e) {
        if (!isTransient(e) || Thread.currentThread().isInterrupted()) {
          if (terminal && !last.isEmpty()) {
            err.println();
          }
          throw e;
        }
        failures++;
        if (terminal && !last.isEmpty()) {
          err.println();
        }
        last = "";
        if (failures >= limit) {
          err.println(
              "tnet job: gave up watching "
                  + jobId
                  + " after "
                  + failures
                  + " consecutive failed polls (--max-failures "
                  + limit
                  + "); the job itself may still be running: tnet job watch "
                  + jobId
                  + " resumes. Last error: "
                  + e.getMessage());
          err.flush();
          return JobCommand.REFUSED;
        }
        double wait = retryWait(interval, failures);
        err.println(
            String.format(
                Locale.ROOT,
                "watching %s: failed poll %d of at most %d in a row, retrying in %.1f s: %s",
                jobId,
                failures,
                limit,
                wait,
                e.getMessage()));
        err.flush();
        sleep(wait, jobId);
        continue;
      }
      String line = line(job);
      if (!line.equals(last)) {
        if (terminal) {
          err.print("\r" + line + "   ");
        } else {
          err.println(line);
        }
        err.flush();
        last = line;
      }
      String status = job.path("status").asText();
      if (status.equals("COMPLETED") || status.equals("FAILED")) {
        if (terminal) {
          err.println();
        }
        String failure = job.path("failure").asText("");
        printSiteFailures(job, out);
        out.println(
            jobId
                + " "
                + status
                + " after "
                + job.path("completedRounds").asInt()
                + " of "
                + job.path("rounds").asInt()
                + " rounds"
                + (failure.isEmpty() ? "" : ": " + failure));
        if (status.equals("COMPLETED") && job.hasNonNull("evaluation")) {
          out.println(
              "leaderboard: evaluation "
                  + job.path("evaluation").asText()
                  + (job.path("protocol").asText("").equals("full")
                      ? " (protocol full: local:<site> and loso:<site> are trained first)"
                      : "")
                  + "; fetch it with: tnet job leaderboard "
                  + jobId);
        }
        out.flush();
        return status.equals("COMPLETED") ? 0 : 1;
      }
      sleep(interval, jobId);
    }
  }

  /**
   * Whether a failed poll may succeed if retried: no answer (status 0), a server error (5xx), a
   * timeout (408) or too many requests (429).
   */
  static boolean isTransient(CoordinatorException e) {
    int status = e.status();
    return status == 0 || status >= 500 || status == 408 || status == 429;
  }

  /** Seconds to wait after the given number of consecutive failures: doubling, capped. */
  static double retryWait(double interval, int failures) {
    double wait = interval * Math.pow(2, Math.min(failures - 1, 30));
    return Math.min(Math.max(interval, MAX_RETRY_WAIT_SECONDS), wait);
  }

  private static void sleep(double seconds, String jobId) throws CoordinatorException {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoordinatorException(0, "", "interrupted while watching " + jobId);
    }
  }

  /** The progress line of a job view. */
  static String line(JsonNode job) {
    int rounds = Math.max(0, job.path("rounds").asInt());
    int done = Math.max(0, job.path("completedRounds").asInt());
    int filled = rounds == 0 ? 0 : Math.min(WIDTH, WIDTH * done / rounds);
    StringBuilder s = new StringBuilder("[");
    s.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    s.append(String.format(Locale.ROOT, "round %d/%d", done, rounds));
    JsonNode history = job.path("roundHistory");
    JsonNode last =
        history.isArray() && history.size() > 0 ? history.get(history.size() - 1) : null;
    if (last != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "  sites %d/%d  loss %.4f",
              last.path("reported").size(),
              last.path("participants").size(),
              last.path("meanLoss").asDouble(Double.NaN)));
    } else {
      s.append("  sites -  loss -");
    }
    String level = job.path("dp").path("level").asText("none");
    if (level.equals("none")) {
      s.append("  eps -");
    } else {
      s.append(
          String.format(
              Locale.ROOT,
              "  eps %.2f/%.2f %s",
              job.path("epsilonSpent").asDouble(0),
              job.path("dp").path("epsilon").asDouble(),
              level));
    }
    if (last != null && last.path("failures").size() > 0) {
      s.append("  not reported: ").append(String.join(",", fieldNames(last.path("failures"))));
    }
    s.append("  ").append(job.path("status").asText());
    return s.toString();
  }

  /** Each site that did not report in some round, with its reason, once per distinct reason. */
  private static void printSiteFailures(JsonNode job, PrintWriter out) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    for (JsonNode round : job.path("roundHistory")) {
      for (String site : fieldNames(round.path("failures"))) {
        String reason = round.path("failures").path(site).asText();
        if (seen.add(site + " " + reason)) {
          out.println(
              "site "
                  + site
                  + " did not report from round "
                  + round.path("round").asInt()
                  + ": "
                  + reason);
        }
      }
    }
  }

  private static java.util.List<String> fieldNames(JsonNode object) {
    java.util.List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
