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
  private final Map<String, NodeApi.ImportCounts> fhir = new LinkedHashMap<>();
  private String fhirNote;
  private JsonNode leaderboard;
  private final List<Job> jobs = new ArrayList<>();

  /** One federated job the demo ran, as the coordinator reported it when it ended. */
  private record Job(
      String title, String jobId, JsonNode view, String differentialPrivacy, String secure) {}

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

  /** What one node's import of its site's Synthea FHIR export stored and refused. */
  public synchronized void fhirData(String site, NodeApi.ImportCounts counts) {
    fhir.put(site, counts);
  }

  /** A sentence on what the demo did with the FHIR data beyond importing it. */
  public synchronized void fhirNote(String note) {
    this.fhirNote = note;
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
    job("Federated job", jobId, job, differentialPrivacy, secureAggregation);
  }

  /** A federated job under a title of its own (e.g. the one on the FHIR data). */
  public synchronized void job(
      String title,
      String jobId,
      JsonNode job,
      String differentialPrivacy,
      String secureAggregation) {
    jobs.add(new Job(title, jobId, job, differentialPrivacy, secureAggregation));
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
    status.put(
        "complete",
        steps.stream()
            .allMatch(
                x -> x.status() == DemoStep.Status.DONE || x.status() == DemoStep.Status.SKIPPED));
    if (!jobs.isEmpty()) {
      jobJson(status.putObject("job"), jobs.get(0));
      ArrayNode all = status.putArray("jobs");
      jobs.forEach(j -> jobJson(all.addObject(), j));
    }
    ArrayNode pending = status.putArray("steps_not_available");
    steps.stream()
        .filter(x -> x.status() == DemoStep.Status.NOT_AVAILABLE)
        .forEach(x -> pending.add(x.title()));
    return root;
  }

  /** A round's DP spend as the coordinator recorded it, e.g. {@code ; epsilon spent up to 1.23}. */
  static String epsilonSpent(JsonNode round) {
    double max = maxEpsilon(round);
    return Double.isNaN(max)
        ? ""
        : String.format(Locale.ROOT, "; epsilon spent so far: up to %.3f (largest site)", max);
  }

  /** Why participants of a round did not report, as the coordinator recorded it. */
  static String failures(JsonNode round) {
    JsonNode f = round.path("failures");
    if (!f.isObject() || f.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("; did not report: ");
    f.fields()
        .forEachRemaining(
            e -> s.append(e.getKey()).append(" (").append(e.getValue().asText()).append(") "));
    return s.toString().trim();
  }

  /**
   * Whether the sites released a training loss for this round. Sites training under differential
   * privacy (a round that records epsilon spent) release none — the loss would be a release the
   * privacy ledger does not cover — and the coordinator then records 0.
   */
  static boolean lossReleased(JsonNode round) {
    return Double.isNaN(maxEpsilon(round));
  }

  /** The round's mean training loss as the demo prints it. */
  static String trainingLoss(JsonNode round) {
    return lossReleased(round)
        ? String.format(Locale.ROOT, "mean training loss %.4f", round.path("meanLoss").asDouble())
        : "training loss not released (differential privacy)";
  }

  private static double maxEpsilon(JsonNode round) {
    double max = Double.NaN;
    for (JsonNode v : round.path("epsilonSpent")) {
      if (v.isNumber()) {
        max = Double.isNaN(max) ? v.asDouble() : Math.max(max, v.asDouble());
      }
    }
    return max;
  }

  private static void jobJson(ObjectNode j, Job job) {
    j.put("title", job.title());
    j.put("job_id", job.jobId());
    j.put("task", job.view().path("task").asText());
    j.put("status", job.view().path("status").asText());
    j.put("differential_privacy", job.differentialPrivacy());
    j.put("secure_aggregation", job.secure());
    if (job.view().path("epsilonSpent").isNumber()) {
      j.put("epsilon_spent", job.view().path("epsilonSpent").asDouble());
    }
    ArrayNode curve = j.putArray("rounds");
    for (JsonNode r : job.view().path("roundHistory")) {
      ObjectNode p = curve.addObject();
      p.put("round", r.path("round").asInt());
      if (lossReleased(r)) {
        p.put("mean_training_loss", r.path("meanLoss").asDouble());
      } else {
        p.putNull("mean_training_loss");
        p.put("training_loss", "not released under differential privacy");
      }
      p.put("sites_reported", r.path("reported").size());
      p.put("total_samples", r.path("totalSamples").asLong());
      double eps = maxEpsilon(r);
      if (!Double.isNaN(eps)) {
        p.put("epsilon_spent_max_site", eps);
      }
    }
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
        .append(".SKIPPED{color:#666}")
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

    if (!fhir.isEmpty()) {
      h.append("<h2>Synthea FHIR data at each site</h2>")
          .append("<table><tr><th>site</th><th>FHIR resources read</th><th>transitions made</th>")
          .append("<th>stored</th><th>already present</th><th>rejected</th>")
          .append("<th>rejections by reason</th><th>not made by the task's rules</th>")
          .append("<th>seconds at the node</th></tr>");
      for (var e : fhir.entrySet()) {
        NodeApi.ImportCounts c = e.getValue();
        h.append("<tr><td>")
            .append(esc(e.getKey()))
            .append("</td>")
            .append(cell(c.rowsRead()))
            .append(cell(c.transitionsMade()))
            .append(cell(c.stored()))
            .append(cell(c.alreadyPresent()))
            .append(cell(c.rejected()))
            .append("<td>")
            .append(esc(c.rejectedByReason().isEmpty() ? "none" : c.rejectedByReason().toString()))
            .append("</td><td>")
            .append(esc(c.dropped().isEmpty() ? "none" : c.dropped().toString()))
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%.1f", c.durationMillis() / 1000.0))
            .append("</td></tr>");
      }
      h.append("</table>");
      if (fhirNote != null) {
        h.append("<p>").append(esc(fhirNote)).append("</p>");
      }
    }

    for (Job j : jobs) {
      h.append(jobSection(j));
    }

    JsonNode board = leaderboardJson();
    JsonNode methods = board.path("methods");
    h.append("<h2>Leaderboard</h2>");
    if (!methods.isArray() || methods.isEmpty()) {
      h.append(
          pending(
              "No method has been evaluated: the leaderboard has no methods, so there are no"
                  + " per-site metrics, calibration curve or cross-site matrix to plot."));
    } else if (!hasResults(methods)) {
      h.append(
          pending(
              "The coordinator's leaderboard lists "
                  + methods.size()
                  + " method(s) but no metric"
                  + (board.has("evaluation")
                      ? " (evaluation: " + board.path("evaluation").asText() + ")"
                      : "")
                  + ": the distributed evaluation at the sites did not run, so there are no"
                  + " per-site metrics, calibration curve or cross-site matrix to plot."));
    } else {
      h.append(leaderboardSections(board));
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String jobSection(Job j) {
    JsonNode job = j.view();
    StringBuilder h = new StringBuilder();
    h.append("<h2>").append(esc(j.title())).append(" ").append(esc(j.jobId())).append("</h2>");
    h.append("<p>Task ")
        .append(esc(job.path("task").asText()))
        .append(", status ")
        .append(esc(job.path("status").asText()))
        .append(", strategy ")
        .append(esc(job.path("strategy").asText()))
        .append(", model ")
        .append(esc(job.path("modelSpec").asText()))
        .append(". Differential privacy: ")
        .append(esc(j.differentialPrivacy()))
        .append(". Secure aggregation: ")
        .append(esc(j.secure()))
        .append(".</p>");
    h.append("<table><tr><th>round</th><th>sites reported</th><th>samples</th>")
        .append("<th>mean training loss</th><th>closed by</th>")
        .append("<th>epsilon spent (largest site)</th></tr>");
    List<double[]> curve = new ArrayList<>();
    for (JsonNode r : job.path("roundHistory")) {
      h.append("<tr><td>")
          .append(r.path("round").asInt())
          .append("</td><td>")
          .append(esc(r.path("reported").size() + "/" + r.path("participants").size()))
          .append("</td>")
          .append(cell(r.path("totalSamples").asLong()))
          .append("<td>")
          .append(lossReleased(r) ? fmt(r.path("meanLoss")) : "not released (DP)")
          .append("</td><td>")
          .append(esc(r.path("closedBy").asText()))
          .append("</td><td>")
          .append(
              Double.isNaN(maxEpsilon(r))
                  ? "not reported"
                  : String.format(Locale.ROOT, "%.3f", maxEpsilon(r)))
          .append("</td></tr>");
      if (lossReleased(r)) {
        curve.add(new double[] {r.path("round").asDouble(), r.path("meanLoss").asDouble()});
      }
    }
    h.append("</table>");
    if (curve.isEmpty() && job.path("roundHistory").size() > 0) {
      h.append(
          pending(
              "Learning curve: none. The sites trained under differential privacy and release no"
                  + " training loss (it is not covered by their privacy ledgers); the leaderboard"
                  + " below evaluates the final model on the sites' test splits."));
    } else if (curve.isEmpty()) {
      h.append(pending("The job recorded no round, so there is no learning curve."));
    } else {
      h.append(
          Svg.lines(
              "Learning curve: mean training loss per round",
              "round",
              "loss",
              Map.of(j.jobId(), curve)));
    }
    return h.toString();
  }

  /**
   * The leaderboard's sections: the methods' table, per-site metrics, calibration and the
   * cross-site matrix, each drawn only from numbers the document holds.
   */
  private String leaderboardSections(JsonNode board) {
    JsonNode methods = board.path("methods");
    StringBuilder h = new StringBuilder();
    h.append("<table><tr><th>method</th><th>kind</th><th>secure aggregation</th><th>DP</th>")
        .append("<th>pooled MAE</th><th>pooled skill</th><th>pooled CRPS</th>")
        .append("<th>worst-site MAE</th></tr>");
    for (JsonNode m : methods) {
      JsonNode pooled = m.path("results").path("pooled").path("macro");
      JsonNode dp = m.path("dp");
      h.append("<tr><td>")
          .append(esc(m.path("name").asText()))
          .append("</td><td>")
          .append(esc(m.path("kind").asText()))
          .append("</td><td>")
          .append(m.path("secure_aggregation").asBoolean() ? "yes" : "no")
          .append("</td><td>")
          .append(
              dp.isObject()
                  ? esc(dp.path("level").asText("record") + ", epsilon " + fmt(dp.path("epsilon")))
                  : "none")
          .append("</td><td>")
          .append(fmt(pooled.path("mae")))
          .append("</td><td>")
          .append(fmt(pooled.path("skill")))
          .append("</td><td>")
          .append(fmt(pooled.path("crps")))
          .append("</td><td>")
          .append(fmt(m.path("results").path("worst_site").path("macro").path("mae")))
          .append("</td></tr>");
    }
    h.append("</table>");
    h.append("<h3>Per-site metrics</h3>").append(perSite(board));
    h.append("<h3>Calibration</h3>").append(calibration(methods));
    h.append("<h3>Cross-site matrix</h3>").append(crossSite(board));

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
    if (!curves.isEmpty()) {
      h.append("<h3>Learning curves of the leaderboard's methods</h3>")
          .append(Svg.lines("Training loss per round", "round", "loss", curves));
    }
    return h.toString();
  }

  /** Macro MAE and skill of every method at every site and pooled, as two matrices. */
  private String perSite(JsonNode board) {
    JsonNode methods = board.path("methods");
    List<String> cols = new ArrayList<>();
    board.path("sites").forEach(x -> cols.add(x.asText()));
    if (cols.isEmpty()) {
      cols.addAll(sites);
    }
    cols.add("pooled");
    List<String> rows = new ArrayList<>();
    double[][] mae = new double[methods.size()][cols.size()];
    double[][] skill = new double[methods.size()][cols.size()];
    int r = 0;
    boolean any = false;
    for (JsonNode m : methods) {
      rows.add(m.path("name").asText());
      for (int c = 0; c < cols.size(); c++) {
        JsonNode macro = m.path("results").path(cols.get(c)).path("macro");
        mae[r][c] = number(macro.path("mae"));
        skill[r][c] = number(macro.path("skill"));
        any |= !Double.isNaN(mae[r][c]) && c < cols.size() - 1;
      }
      r++;
    }
    if (!any) {
      return pending("No method has a metric at any single site (only pooled results).");
    }
    String na =
        "n/a = not reported (fewer than k test records at the site, or not evaluated there)";
    return Svg.heatmap(
            "Macro MAE by method and test site (lower is better)",
            rows,
            cols,
            mae,
            "darker = larger error; " + na)
        + Svg.heatmap(
            "Macro skill by method and test site (1 - MAE / no-change MAE; higher is better)",
            rows,
            cols,
            skill,
            "darker = more skill; " + na);
  }

  /**
   * Observed vs nominal coverage of the predicted Gaussian intervals on the pooled test set, at the
   * two levels the leaderboard reports ({@code picp50}, {@code picp90}), against the diagonal of a
   * perfectly calibrated method.
   */
  private String calibration(JsonNode methods) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    StringBuilder table =
        new StringBuilder(
            "<table><tr><th>method</th><th>50% interval coverage</th>"
                + "<th>90% interval coverage</th><th>MACE</th></tr>");
    for (JsonNode m : methods) {
      JsonNode pooled = m.path("results").path("pooled").path("macro");
      double p50 = number(pooled.path("picp50"));
      double p90 = number(pooled.path("picp90"));
      if (Double.isNaN(p50) || Double.isNaN(p90)) {
        continue;
      }
      series.put(
          m.path("name").asText(), List.of(new double[] {0.5, p50}, new double[] {0.9, p90}));
      table
          .append("<tr><td>")
          .append(esc(m.path("name").asText()))
          .append("</td><td>")
          .append(fmt(pooled.path("picp50")))
          .append("</td><td>")
          .append(fmt(pooled.path("picp90")))
          .append("</td><td>")
          .append(fmt(pooled.path("mace")))
          .append("</td></tr>");
    }
    if (series.isEmpty()) {
      return pending(
          "The leaderboard reports no pooled interval coverage (picp50, picp90), so there is no"
              + " calibration curve.");
    }
    Map<String, List<double[]>> withIdeal = new LinkedHashMap<>();
    withIdeal.put("ideal", List.of(new double[] {0.5, 0.5}, new double[] {0.9, 0.9}));
    withIdeal.putAll(series);
    return Svg.lines(
            "Calibration on the pooled test set: observed vs nominal interval coverage",
            "nominal coverage (50%, 90% central intervals)",
            "observed coverage",
            withIdeal)
        + table.append("</table>");
  }

  /**
   * The leaderboard's {@code cross_site} matrix: the model trained at one site ({@code
   * local:<site>}) evaluated at every site.
   */
  private String crossSite(JsonNode board) {
    JsonNode cross = board.path("cross_site");
    JsonNode matrix = cross.path("macro").path("mae");
    if (!cross.isObject() || !matrix.isArray() || matrix.isEmpty()) {
      return pending(
          "The leaderboard has no cross-site matrix (cross_site): it needs a model trained at"
              + " each single site (local:<site>) and evaluated at every site, and this"
              + " leaderboard has none: submit the job with \"protocol\": \"full\" (the demo's"
              + " --protocol full), or run ./tnet simulate on one machine.");
    }
    List<String> rows = new ArrayList<>();
    cross.path("trained_at").forEach(x -> rows.add("trained at " + x.asText()));
    List<String> cols = new ArrayList<>();
    cross.path("evaluated_at").forEach(x -> cols.add(x.asText()));
    double[][] values = new double[rows.size()][cols.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < cols.size(); c++) {
        values[r][c] = number(matrix.path(r).path(c));
      }
    }
    return Svg.heatmap(
        "Cross-site matrix: macro MAE of each site's local model at every test site",
        rows,
        cols,
        values,
        "rows: where the model was trained; columns: where it was tested; the diagonal is the"
            + " home site");
  }

  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
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
