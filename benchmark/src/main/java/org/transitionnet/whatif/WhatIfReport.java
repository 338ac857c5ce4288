package org.transitionnet.whatif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Locale;
import org.transitionnet.record.EvidenceLink;

/** Renders a what-if answer for people (a side-by-side table) and for programs (JSON). */
public final class WhatIfReport {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private WhatIfReport() {}

  public static String json(WhatIfAnswer answer) {
    try {
      return JSON.writeValueAsString(answer) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer always serializes", e);
    }
  }

  /**
   * The answer as text: the label first, then one block per target with a column per action
   * (median, 50% and 90% interval in the target's unit, shift from the reference action), the
   * evidence per action, the distance from the training data and the caveats.
   */
  public static String text(WhatIfAnswer a) {
    StringBuilder out = new StringBuilder();
    String rule = "=".repeat(Math.min(100, a.label().length()));
    out.append(rule).append('\n').append(a.label()).append('\n').append(rule).append("\n\n");
    out.append("task ").append(a.task());
    if (!a.method().isEmpty()) {
      out.append(", model ").append(a.method());
    }
    out.append(String.format(Locale.ROOT, ", follow-up after %.0f days%n", a.intervalDays()));
    if (!a.referenceAction().isEmpty()) {
      out.append("shift = difference of the predicted mean from ")
          .append(a.referenceAction())
          .append(", in training SDs of the target\n");
    }
    List<ActionForecast> fs = a.forecasts();
    int width = 34;
    for (ActionForecast f : fs) {
      width = Math.max(width, f.action().length() + 2);
    }
    String col = "%-" + width + "s";
    for (int j = 0; j < (fs.isEmpty() ? 0 : fs.get(0).targets().size()); j++) {
      TargetForecast first = fs.get(0).targets().get(j);
      out.append('\n')
          .append(first.target())
          .append(first.unit().isEmpty() ? "" : " [" + first.unit() + "]")
          .append(
              first.baseline() == null
                  ? ", baseline not given"
                  : ", baseline " + num(first.baseline()))
          .append('\n');
      out.append(String.format(Locale.ROOT, "  %-10s", ""));
      fs.forEach(f -> out.append(String.format(Locale.ROOT, col, f.action())));
      out.append('\n');
      row(out, col, "median", fs, j, t -> num(t.median()));
      row(out, col, "50%", fs, j, t -> range(t.interval50()));
      row(out, col, "90%", fs, j, t -> range(t.interval90()));
      if (!a.referenceAction().isEmpty()) {
        row(out, col, "shift", fs, j, t -> String.format(Locale.ROOT, "%+.2f SD", t.shiftSd()));
      }
    }
    out.append("\nEvidence the data carries, per action:\n");
    for (ActionForecast f : fs) {
      out.append("  ")
          .append(f.action())
          .append(" (")
          .append(f.trainingRecords())
          .append(" training records)\n");
      if (f.evidence().isEmpty()) {
        out.append("    none recorded\n");
      }
      for (EvidenceLink e : f.evidence()) {
        out.append("    ")
            .append(nonEmpty(e.target()))
            .append(" -> ")
            .append(nonEmpty(e.pathway()))
            .append(" -> ")
            .append(nonEmpty(e.biomarker()))
            .append(" expected ")
            .append(
                e.expectedDirection() == null
                    ? "?"
                    : e.expectedDirection().name().toLowerCase(Locale.ROOT))
            .append(e.validationSource().isEmpty() ? "" : " (source: " + e.validationSource() + ")")
            .append('\n');
      }
    }
    StateDistance d = a.distance();
    out.append(
        String.format(
            Locale.ROOT,
            "%nDistance from the training data: D^2 = %.1f (refused above %.1f, %s);"
                + " largest |z| = %.1f%s (refused above %.0f)%n",
            d.squaredMahalanobis(),
            d.threshold(),
            d.rule(),
            d.maxAbsZ(),
            d.maxAbsZInput().isEmpty() ? "" : " (" + d.maxAbsZInput() + ")",
            d.zLimit()));
    out.append("\nCaveats:\n");
    a.caveats().forEach(c -> out.append("  - ").append(c).append('\n'));
    out.append('\n').append(a.label()).append('\n');
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      String col,
      String name,
      List<ActionForecast> fs,
      int j,
      java.util.function.Function<TargetForecast, String> cell) {
    out.append(String.format(Locale.ROOT, "  %-10s", name));
    fs.forEach(f -> out.append(String.format(Locale.ROOT, col, cell.apply(f.targets().get(j)))));
    out.append('\n');
  }

  private static String range(Interval i) {
    return num(i.low()) + " - " + num(i.high());
  }

  private static String num(double x) {
    double m = Math.abs(x);
    if (m != 0 && (m >= 1e5 || m < 1e-2)) {
      return String.format(Locale.ROOT, "%.3g", x);
    }
    return String.format(Locale.ROOT, m >= 100 ? "%.0f" : m >= 10 ? "%.1f" : "%.2f", x);
  }

  private static String nonEmpty(String s) {
    return s.isEmpty() ? "?" : s;
  }
}
