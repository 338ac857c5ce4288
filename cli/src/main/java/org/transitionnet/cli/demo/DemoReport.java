package org.transitionnet.cli.demo;

import static org.transitionnet.cli.demo.report.Svg.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transitionnet.cli.demo.report.Svg;

/**
 * The demo's outputs: {@code leaderboard.json} (the contract format; its {@code methods} hold only
 * results that were really computed, so it is empty while evaluation is not available) and {@code
 * report.html}, self-contained with inline SVG plots.
 */
public final class DemoReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One site's data as the demo loaded it.
   *
   * @param share the CSV share the site got
   * @param imported what the node stored, or null if the import did not run
   */
  public record SiteData(SiteSplit.Share share, NodeApi.ImportCounts imported) {}

  private final String task;
  private final List<String> sites;
  private final List<String> targets;
  private final List<DemoStep> steps = new ArrayList<>();
  private final Map<String, SiteData> data = new LinkedHashMap<>();
  private JsonNode leaderboard;
  private String jobId;
  private JsonNode job;
  private String differentialPrivacy;
  private String secureAggregation;

  public DemoReport(String task, List<String> sites, List<String> targets) {
    this.task = task;
    this.sites = List.copyOf(sites);
    this.targets = List.copyOf(targets);
  }

  public synchronized void step(DemoStep step) {
    steps.add(step);
  }

  public synchronized void siteData(String site, SiteData siteData) {
    data.put(site, siteData);
  }

  /** The leaderboard the coordinator built, when the evaluation step ran. */
  public synchronized void leaderboard(JsonNode leaderboard) {
    this.leaderboard = leaderboard;
  }

  /**
   * The federated job as the coordinator reported it when it completed ({@code GET
   * /api/jobs/{id}}), with what the demo could say about its privacy settings.
   */
  public synchronized void job(
      String jobId, JsonNode job, String differentialPrivacy, String secureAggregation) {
    this.jobId = jobId;
    this.job = job;
    this.differentialPrivacy = differentialPrivacy;
    this.secureAggregation = secureAggregation;
  }

  public synchronized List<DemoStep> steps() {
    return List.copyOf(steps);
  }

  /** The leaderboard JSON: the coordinator's, or one with no methods and the pending steps. */
  public synchronized JsonNode leaderboardJson() {
    ObjectNode root;
    if (leaderboard instanceof ObjectNode board) {
      root = board.deepCopy();
      if (!root.path("targets").isArray() || root.path("targets").isEmpty()) {
        // The task's targets, from the mapping the sites imported with.
        ArrayNode t = root.putArray("targets");
        targets.forEach(t::add);
      }
    } else {
      root = JSON.createObjectNode();
      root.put("task", task);
      root.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      ArrayNode s = root.putArray("sites");
      sites.forEach(s::add);
      ArrayNode t = root.putArray("targets");
      targets.forEach(t::add);
      root.putArray("methods");
    }
    // An extension of §8 (readers ignore unknown keys): what this demo run did and did not do.
    ObjectNode status = root.putObject("demo_status");
    status.put("complete", steps.stream().noneMatch(x -> x.status() != DemoStep.Status.DONE));
    if (job != null) {
      ObjectNode j = status.putObject("job");
      j.put("job_id", jobId);
      j.put("status", job.path("status").asText());
      j.put("differential_privacy", differentialPrivacy);
      j.put("secure_aggregation", secureAggregation);
      ArrayNode curve = j.putArray("rounds");
      for (JsonNode r : job.path("roundHistory")) {
        ObjectNode p = curve.addObject();
        p.put("round", r.path("round").asInt());
        p.put("mean_training_loss", r.path("meanLoss").asDouble());
        p.put("sites_reported", r.path("reported").size());
        p.put("total_samples", r.path("totalSamples").asLong());
      }
    }
    ArrayNode pending = status.putArray("steps_not_available");
    steps.stream()
        .filter(x -> x.status() == DemoStep.Status.NOT_AVAILABLE)
        .forEach(x -> pending.add(x.title()));
    return root;
  }

  /** Prints the leaderboard table, or says why there is none. */
  public synchronized void printTable(PrintWriter out) {
    JsonNode board = leaderboardJson();
    JsonNode methods = board.path("methods");
    if (!methods.isArray() || methods.isEmpty()) {
      out.println("      Leaderboard: no methods evaluated yet (evaluation not available).");
      return;
    }
    out.printf(
        Locale.ROOT,
        "      %-22s %-10s %10s %10s %10s%n",
        "method",
        "kind",
        "mae",
        "skill",
        "worst");
    for (JsonNode m : methods) {
      JsonNode pooled = m.path("results").path("pooled").path("macro");
      JsonNode worst = m.path("results").path("worst_site").path("macro");
      out.printf(
          Locale.ROOT,
          "      %-22s %-10s %10s %10s %10s%n",
          m.path("name").asText(),
          m.path("kind").asText(),
          fmt(pooled.path("mae")),
          fmt(pooled.path("skill")),
          fmt(worst.path("mae")));
    }
  }

  private static String fmt(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "-";
  }

  /** Writes {@code leaderboard.json} and {@code report.html} into {@code outDir}. */
  public synchronized void write(Path outDir) throws IOException {
    Files.createDirectories(outDir);
    JSON.writerWithDefaultPrettyPrinter()
        .writeValue(outDir.resolve("leaderboard.json").toFile(), leaderboardJson());
    Files.writeString(outDir.resolve("report.html"), html(), StandardCharsets.UTF_8);
  }

  String html() {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>")
        .append("<title>TransitionNet demo: ")
        .append(esc(task))
        .append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}")
        .append(".DONE{color:#2e7d32}.NOT_AVAILABLE{color:#9a6700}.FAILED{color:#c62828}")
        .append(".pending{background:#fff8e1;border-left:4px solid #edae49;padding:8px 12px}")
        .append("</style></head><body>");
    h.append("<h1>TransitionNet federated demo</h1>");
    h.append("<p>Task <b>")
        .append(esc(task))
        .append("</b>, sites ")
        .append(esc(String.join(", ", sites)))
        .append(", generated ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(". Every number here was measured by this run; nothing is made up.</p>");

    h.append("<h2>Steps</h2><table><tr><th>step</th><th>status</th><th>outcome</th></tr>");
    for (DemoStep s : steps) {
      h.append("<tr><td>")
          .append(esc(s.title()))
          .append("</td><td class='")
          .append(s.status())
          .append("'>")
          .append(s.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .append("</td><td style='text-align:left'>")
          .append(esc(s.detail()))
          .append("</td></tr>");
    }
    h.append("</table>");

    h.append("<h2>Data at each site</h2><table><tr><th>site</th><th>subjects</th>")
        .append("<th>CSV rows</th><th>transitions made</th><th>stored</th>")
        .append("<th>already present</th><th>rejected</th></tr>");
    Map<String, Long> stored = new LinkedHashMap<>();
    for (var e : data.entrySet()) {
      SiteData d = e.getValue();
      NodeApi.ImportCounts c = d.imported();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td>");
      h.append(cell(d.share().subjects())).append(cell(d.share().rows()));
      if (c == null) {
        h.append("<td colspan='4'>not imported</td>");
      } else {
        h.append(cell(c.transitionsMade()))
            .append(cell(c.stored()))
            .append(cell(c.alreadyPresent()))
            .append(cell(c.rejected()));
        stored.put(e.getKey(), c.stored() + c.alreadyPresent());
      }
      h.append("</tr>");
    }
    h.append("</table>");
    if (!stored.isEmpty()) {
      h.append(Svg.bars("Transition records held per site", "records", stored));
    }

    if (job != null) {
      h.append("<h2>Federated job ").append(esc(jobId)).append("</h2>");
      h.append("<p>Status ")
          .append(esc(job.path("status").asText()))
          .append(", strategy ")
          .append(esc(job.path("strategy").asText()))
          .append(", model ")
          .append(esc(job.path("modelSpec").asText()))
          .append(". Differential privacy: ")
          .append(esc(differentialPrivacy))
          .append(". Secure aggregation: ")
          .append(esc(secureAggregation))
          .append(".</p>");
      h.append("<table><tr><th>round</th><th>sites reported</th><th>samples</th>")
          .append("<th>mean training loss</th><th>closed by</th></tr>");
      List<double[]> curve = new ArrayList<>();
      for (JsonNode r : job.path("roundHistory")) {
        h.append("<tr><td>")
            .append(r.path("round").asInt())
            .append("</td><td>")
            .append(esc(r.path("reported").size() + "/" + r.path("participants").size()))
            .append("</td>")
            .append(cell(r.path("totalSamples").asLong()))
            .append("<td>")
            .append(fmt(r.path("meanLoss")))
            .append("</td><td>")
            .append(esc(r.path("closedBy").asText()))
            .append("</td></tr>");
        curve.add(new double[] {r.path("round").asDouble(), r.path("meanLoss").asDouble()});
      }
      h.append("</table>");
      if (!curve.isEmpty()) {
        h.append(
            Svg.lines(
                "Learning curve: sample-weighted mean training loss per round",
                "round",
                "loss",
                Map.of(jobId, curve)));
      }
    }

    JsonNode methods = leaderboardJson().path("methods");
    h.append("<h2>Leaderboard</h2>");
    if (methods.isArray() && !methods.isEmpty() && !hasResults(methods)) {
      h.append(
          pending(
              "The coordinator's leaderboard lists the job's method but no metric: the"
                  + " distributed evaluation at the sites is not available in this build, so there"
                  + " are no per-site metrics, calibration curve or cross-site matrix to plot."));
    } else if (!methods.isArray() || methods.isEmpty()) {
      h.append(
          pending(
              "No method has been evaluated: the federated job and the distributed"
                  + " evaluation are not available in this build yet, so there are no learning curves,"
                  + " per-site metrics, calibration curve or cross-site matrix to plot."));
    } else {
      h.append(leaderboardSections(methods));
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private String leaderboardSections(JsonNode methods) {
    StringBuilder h = new StringBuilder();
    h.append("<table><tr><th>method</th><th>kind</th><th>pooled MAE</th><th>pooled skill</th>")
        .append("<th>worst-site MAE</th></tr>");
    for (JsonNode m : methods) {
      JsonNode pooled = m.path("results").path("pooled").path("macro");
      h.append("<tr><td>")
          .append(esc(m.path("name").asText()))
          .append("</td><td>")
          .append(esc(m.path("kind").asText()))
          .append("</td><td>")
          .append(fmt(pooled.path("mae")))
          .append("</td><td>")
          .append(fmt(pooled.path("skill")))
          .append("</td><td>")
          .append(fmt(m.path("results").path("worst_site").path("macro").path("mae")))
          .append("</td></tr>");
    }
    h.append("</table>");

    // Per-site macro MAE of each method, as a matrix: methods x sites (the cross-site view).
    List<String> rows = new ArrayList<>();
    List<String> cols = new ArrayList<>(sites);
    cols.add("pooled");
    double[][] values = new double[methods.size()][cols.size()];
    int r = 0;
    for (JsonNode m : methods) {
      rows.add(m.path("name").asText());
      for (int c = 0; c < cols.size(); c++) {
        JsonNode v = m.path("results").path(cols.get(c)).path("macro").path("mae");
        values[r][c] = v.isNumber() ? v.asDouble() : Double.NaN;
      }
      r++;
    }
    h.append(
        Svg.heatmap(
            "Macro MAE by method and evaluation site",
            rows,
            cols,
            values,
            "darker = larger error; n/a = fewer than k test records at the site"));

    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    for (JsonNode m : methods) {
      JsonNode curve = m.path("learning_curve");
      if (curve.isArray() && !curve.isEmpty()) {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode p : curve) {
          pts.add(new double[] {p.path("round").asDouble(), p.path("loss").asDouble()});
        }
        curves.put(m.path("name").asText(), pts);
      }
    }
    h.append("<h3>Learning curves</h3>");
    h.append(
        curves.isEmpty()
            ? pending("The leaderboard carries no per-round losses (learning_curve).")
            : Svg.lines("Training loss per round", "round", "loss", curves));

    Map<String, List<double[]>> calibration = new LinkedHashMap<>();
    for (JsonNode m : methods) {
      JsonNode cal = m.path("calibration");
      if (cal.isArray() && !cal.isEmpty()) {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode p : cal) {
          pts.add(new double[] {p.path("nominal").asDouble(), p.path("observed").asDouble()});
        }
        calibration.put(m.path("name").asText(), pts);
      }
    }
    h.append("<h3>Calibration</h3>");
    h.append(
        calibration.isEmpty()
            ? pending("The leaderboard carries no calibration points (calibration).")
            : Svg.lines(
                "Observed vs nominal interval coverage", "nominal", "observed", calibration));
    return h.toString();
  }

  private static boolean hasResults(JsonNode methods) {
    for (JsonNode m : methods) {
      JsonNode results = m.path("results");
      if ((results.isObject() || results.isArray()) && !results.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static String pending(String text) {
    return "<p class='pending'>" + esc(text) + "</p>";
  }

  private static String cell(long v) {
    return "<td>" + v + "</td>";
  }
}
