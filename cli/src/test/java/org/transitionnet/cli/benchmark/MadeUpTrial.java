package org.transitionnet.cli.benchmark;

import java.util.Locale;
import java.util.Random;

/**
 * A made-up wide-layout blood pressure trial (three centres, two arms) and its mapping: data no
 * command has seen, for the local commands' tests.
 */
public final class MadeUpTrial {

  private MadeUpTrial() {}

  /** The trial's mapping: wide layout, weeks 0, 4 and 12, the centre as a categorical context. */
  public static final String MAPPING =
      """
      {
        "dataset": "made-up-bp-trial",
        "layout": "wide",
        "subject": "patient",
        "time": {"unit": "wk"},
        "pairing": "baseline",
        "context": [
          {"column": "age", "name": "age", "unit": "a"},
          {"column": "centre", "name": "centre", "type": "categorical", "levels": ["north", "south", "east"]}
        ],
        "series": {"sbp.0": 0, "sbp.4": 4, "sbp.12": 12},
        "state": [{"name": "sbp", "unit": "mm[Hg]", "transform": "log"}],
        "action": {
          "column": "arm",
          "levels": {
            "A": {"type": "drug", "name": "Pressadol"},
            "P": {"type": "placebo", "name": "placebo"}
          },
          "randomized": true
        },
        "targets": ["sbp"]
      }
      """;

  /** {@code patients} patients in three centres, arm A lowers sbp by 12 over 12 weeks. */
  public static String csv(int patients, long seed) {
    Random rnd = new Random(seed);
    StringBuilder s = new StringBuilder("patient,age,centre,arm,sbp.0,sbp.4,sbp.12\n");
    String[] centres = {"north", "south", "east"};
    for (int p = 1; p <= patients; p++) {
      boolean drug = rnd.nextBoolean();
      double sbp0 = 150 + 12 * rnd.nextGaussian();
      double drop = drug ? 12 : 2;
      s.append(
          String.format(
              Locale.ROOT,
              "p%d,%.1f,%s,%s,%.1f,%.1f,%.1f%n",
              p,
              45 + 20 * rnd.nextDouble(),
              centres[p % 3],
              drug ? "A" : "P",
              sbp0,
              sbp0 - drop / 2 + 5 * rnd.nextGaussian(),
              sbp0 - drop + 5 * rnd.nextGaussian()));
    }
    return s.toString();
  }
}
