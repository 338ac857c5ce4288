package org.transitionnet.metrics;

import java.util.Arrays;
import java.util.List;

/** The metrics of TransitionNet §5, with their contract keys in leaderboard order. */
public enum Metric {
  N("n"),
  MAE("mae"),
  RMSE("rmse"),
  DIRECTIONAL_ACCURACY("directional_accuracy"),
  PICP50("picp50"),
  PICP90("picp90"),
  NLL("nll"),
  CRPS("crps"),
  MACE("mace"),
  SKILL("skill"),
  EFFECT_ERROR("effect_error");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  /** The contract key in {@code leaderboard.json}. */
  public String key() {
    return key;
  }

  /** Every contract key, in leaderboard order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Metric::key).toList();
  }

  /**
   * How bad a value is, for choosing the worst site: larger is worse. Errors count as themselves,
   * accuracies and skill negated, interval coverages by their distance from the nominal level, the
   * count by its negation (the smallest site is the weakest evidence).
   */
  public double badness(double value) {
    return switch (this) {
      case N, DIRECTIONAL_ACCURACY, SKILL -> -value;
      case PICP50 -> Math.abs(value - 0.5);
      case PICP90 -> Math.abs(value - 0.9);
      case MAE, RMSE, NLL, CRPS, MACE, EFFECT_ERROR -> value;
    };
  }
}
