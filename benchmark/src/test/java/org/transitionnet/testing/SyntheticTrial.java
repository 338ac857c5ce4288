package org.transitionnet.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.transitionnet.record.Action;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;
import org.transitionnet.task.Target;
import org.transitionnet.task.Task;

/**
 * A made-up randomized trial with known dynamics, for tests: marker {@code crp} (log-normal, log
 * transform) falls by 0.5 on the log scale under the drug and regresses to the mean; {@code score}
 * rises by 2 under the drug; age and sex as context, a flag and a category in the state; some
 * follow-ups missing.
 */
public final class SyntheticTrial {

  private SyntheticTrial() {}

  public static final Action DRUG = Action.of("drug", "Curaxin", "");
  public static final Action PLACEBO = Action.of("placebo", "placebo", "");

  public static List<TransitionRecord> records(int subjects, int visitsPerSubject, long seed) {
    Random rnd = new Random(seed);
    List<TransitionRecord> out = new ArrayList<>();
    for (int s = 0; s < subjects; s++) {
      boolean treated = rnd.nextBoolean();
      double age = 40 + 30 * rnd.nextDouble();
      String sex = rnd.nextBoolean() ? "f" : "m";
      double logCrp = 1 + rnd.nextGaussian();
      double score = 10 + 3 * rnd.nextGaussian();
      String site = "site-" + (char) ('a' + s % 3);
      double t = 0;
      for (int v = 0; v < visitsPerSubject; v++) {
        double dt = 90 + rnd.nextInt(200);
        double nextLogCrp =
            logCrp + 0.4 * (1 - logCrp) - (treated ? 0.5 : 0) + 0.2 * rnd.nextGaussian();
        double nextScore = score + (treated ? 2 : 0) + 0.02 * (age - 55) + 0.5 * rnd.nextGaussian();
        boolean followCrpMissing = rnd.nextDouble() < 0.1;
        State baseline = state(t, logCrp, score, rnd, false);
        State follow = state(t + dt, nextLogCrp, nextScore, rnd, followCrpMissing);
        out.add(
            new TransitionRecord(
                "s" + s,
                site,
                baseline,
                List.of(
                    Variable.number("age", age, "a", ""),
                    new Variable("sex", Value.of(sex), "", "")),
                List.of(treated ? DRUG : PLACEBO),
                follow,
                dt,
                List.of(),
                new Provenance("synthetic", List.of("row:" + s + "." + v), null, "test")));
        t += dt;
        logCrp = nextLogCrp;
        score = nextScore;
      }
    }
    return out;
  }

  private static State state(
      double t, double logCrp, double score, Random rnd, boolean crpMissing) {
    return new State(
        t,
        List.of(
            crpMissing
                ? Variable.missing("crp", "mg/L", "")
                : Variable.number("crp", Math.exp(logCrp), "mg/L", ""),
            Variable.number("score", score, "1", ""),
            new Variable("fever", Value.of(rnd.nextDouble() < 0.3), "", ""),
            new Variable("grade", Value.of(rnd.nextBoolean() ? "I" : "II"), "", "")));
  }

  public static Task task(List<TransitionRecord> records) {
    return Task.infer(
        "synthetic",
        records,
        List.of(new Target("crp", "log", 0.1), new Target("score", "", 0.1)),
        Map.of("crp", "log"),
        true);
  }
}
