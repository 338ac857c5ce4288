package org.transitionnet.leaderboard;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a leaderboard as Markdown tables for people (the JSON is the contract). */
public final class LeaderboardMarkdown {

  private static final List<String> COLUMNS =
      List.of(
          "mae",
          "rmse",
          "directional_accuracy",
          "picp50",
          "picp90",
          "nll",
          "crps",
          "mace",
          "skill",
          "effect_error");

  private LeaderboardMarkdown() {}

  public static String render(Leaderboard lb) {
    StringBuilder md = new StringBuilder();
    md.append("# Leaderboard: ").append(lb.task()).append("\n\n");
    md.append("Sites: ").append(String.join(", ", lb.sites())).append(". ");
    md.append("Targets: ").append(String.join(", ", lb.targets())).append(".\n");
    if (!lb.settings().isEmpty()) {
      md.append("Settings: ");
      lb.settings().forEach((k, v) -> md.append(k).append("=").append(v).append("; "));
      md.setLength(md.length() - 2);
      md.append(".\n");
    }
    md.append("\n## Pooled test set (macro over targets)\n\n");
    table(md, lb, MethodEntry.POOLED, COLUMNS);
    md.append("\n## Worst site (macro, worst value per metric over sites)\n\n");
    table(md, lb, MethodEntry.WORST_SITE, COLUMNS);
    md.append("\n## Macro skill / CRPS per site\n\n| method |");
    lb.sites()
        .forEach(s -> md.append(' ').append(s).append(" skill | ").append(s).append(" crps |"));
    md.append("\n|---|");
    lb.sites().forEach(s -> md.append("---:|---:|"));
    md.append('\n');
    for (MethodEntry m : lb.methods()) {
      md.append("| ").append(m.name()).append(" |");
      for (String s : lb.sites()) {
        Map<String, Double> macro = macro(m, s);
        md.append(' ').append(fmt(macro.get("skill"))).append(" | ");
        md.append(fmt(macro.get("crps"))).append(" |");
      }
      md.append('\n');
    }
    md.append("\n## Pooled test set per target (skill / crps)\n\n| method |");
    lb.targets().forEach(t -> md.append(' ').append(t).append(" |"));
    md.append("\n|---|");
    lb.targets().forEach(t -> md.append("---:|"));
    md.append('\n');
    for (MethodEntry m : lb.methods()) {
      md.append("| ").append(m.name()).append(" |");
      SiteResult pooled = m.results().get(MethodEntry.POOLED);
      for (String t : lb.targets()) {
        Map<String, Double> v =
            pooled == null ? Map.of() : pooled.perTarget().getOrDefault(t, Map.of());
        md.append(' ')
            .append(fmt(v.get("skill")))
            .append(" / ")
            .append(fmt(v.get("crps")))
            .append(" |");
      }
      md.append('\n');
    }
    md.append("\n`null` (shown as –) means fewer than k records.\n");
    return md.toString();
  }

  private static void table(StringBuilder md, Leaderboard lb, String key, List<String> columns) {
    md.append("| method | kind | n |");
    columns.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append("\n|---|---|---:|");
    columns.forEach(c -> md.append("---:|"));
    md.append('\n');
    for (MethodEntry m : lb.methods()) {
      Map<String, Double> macro = macro(m, key);
      md.append("| ").append(m.name()).append(" | ").append(m.kind()).append(" | ");
      Double n = macro.get("n");
      md.append(n == null ? "–" : String.valueOf(Math.round(n))).append(" |");
      columns.forEach(c -> md.append(' ').append(fmt(macro.get(c))).append(" |"));
      md.append('\n');
    }
  }

  private static Map<String, Double> macro(MethodEntry m, String key) {
    SiteResult r = m.results().get(key);
    return r == null ? Map.of() : r.macro();
  }

  private static String fmt(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }
}
