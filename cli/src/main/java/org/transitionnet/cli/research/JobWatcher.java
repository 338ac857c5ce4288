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

  private JobWatcher() {}

  /**
   * Watches until the job completes (0) or fails (1).
   *
   * @param interval seconds between polls
   */
  static int watch(
      CoordinatorClient client, String jobId, double interval, PrintWriter out, PrintWriter err)
      throws CoordinatorException {
    boolean terminal = System.console() != null;
    String last = "";
    while (true) {
      JsonNode job = client.job(jobId);
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
        out.flush();
        return status.equals("COMPLETED") ? 0 : 1;
      }
      try {
        Thread.sleep((long) (interval * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CoordinatorException(0, "", "interrupted while watching " + jobId);
      }
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
    JsonNode eps =
        job.has("epsilonSpent")
            ? job.get("epsilonSpent")
            : last == null ? null : last.get("epsilonSpent");
    s.append(
        eps == null || eps.isNull()
            ? "  eps -"
            : String.format(Locale.ROOT, "  eps %.2f", eps.asDouble()));
    s.append("  ").append(job.path("status").asText());
    return s.toString();
  }
}
