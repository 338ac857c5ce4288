package org.transitionnet.cli.benchmark;

import java.util.Locale;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;

/** The few lines a local run prints: pooled skill, CRPS and NLL and the worst site's skill. */
public final class LeaderboardSummary {

  private static final String ROW = "%-16s %8s %8s %8s %11s%n";

  private LeaderboardSummary() {}

  /** One row per method, a header first. */
  public static String of(Leaderboard board) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, ROW, "method", "skill", "crps", "nll", "worst skill"));
    for (MethodEntry m : board.methods()) {
      SiteResult pooled = m.results().get(MethodEntry.POOLED);
      SiteResult worst = m.results().get(MethodEntry.WORST_SITE);
      s.append(
          String.format(
              Locale.ROOT,
              ROW,
              m.name(),
              number(pooled.macro().get("skill")),
              number(pooled.macro().get("crps")),
              number(pooled.macro().get("nll")),
              number(worst.macro().get("skill"))));
    }
    return s.toString();
  }

  private static String number(Double v) {
    return v == null ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }
}
