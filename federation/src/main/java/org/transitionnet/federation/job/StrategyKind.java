package org.transitionnet.federation.job;

import java.util.Locale;

/** The server-side strategies a job can name. */
public enum StrategyKind {
  FEDAVG,
  FEDPROX,
  FEDADAM;

  /** The lower-case name used on the command line and in the leaderboard ("fedavg"). */
  public String methodName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "fedavg", "fedprox" or "fedadam" (any case). */
  public static StrategyKind parse(String name) {
    for (StrategyKind kind : values()) {
      if (kind.name().equalsIgnoreCase(name.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown strategy '" + name + "', expected fedavg, fedprox or fedadam");
  }
}
