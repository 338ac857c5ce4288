package org.transitionnet.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.metrics.Gaussian;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.model.Prediction;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.Action;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Target;
import org.transitionnet.task.Task;
import org.transitionnet.task.Transforms;

/**
 * Asks a trained model what follow-up it predicts for a baseline state under each action of its
 * task. Refuses ({@link WhatIfRefusedException}) a variable the task does not know, a value of the
 * wrong kind, and a state too far from the training data ({@link InputReference}). Not thread-safe
 * (the model is not).
 */
public final class WhatIf {

  /** The label every answer carries. */
  public static final String HYPOTHESIS_LABEL =
      "RESEARCH HYPOTHESIS - not a recommendation. A statistical model's prediction for one"
          + " described state; it must not guide the care of any patient.";

  private static final double Z50 = Gaussian.quantile(0.75);
  private static final double Z90 = Gaussian.quantile(0.95);

  private final ModelFile file;
  private final TransitionModel model;
  private final FeatureEncoder encoder;
  private final Task task;

  public WhatIf(ModelFile file) {
    this.file = file;
    this.model = file.restore();
    this.encoder = model.encoder();
    this.task = encoder.task();
  }

  public ModelFile modelFile() {
    return file;
  }

  /** The names a state may give values for: the task's inputs and {@code interval_days}. */
  public List<String> inputNames() {
    return task.inputs().stream().map(InputVariable::name).toList();
  }

  /**
   * The follow-up under each action of the task.
   *
   * @throws WhatIfRefusedException naming the variable, for unknown variables, values of the wrong
   *     kind or outside a transform's domain, and states too far from the training data
   */
  public WhatIfAnswer ask(BaselineState state) throws WhatIfRefusedException {
    FeatureStatistics stats = encoder.statistics();
    double interval =
        state.intervalDays() == null ? stats.mean("interval_days") : state.intervalDays();
    if (!(interval > 0) || Double.isInfinite(interval)) {
      throw new WhatIfRefusedException(
          BaselineState.INTERVAL_KEY, "must be a positive number of days, was " + interval);
    }
    List<Variable> variables = variables(state);
    TransitionRecord record =
        new TransitionRecord(
            "what-if",
            "",
            new State(0, variables),
            List.of(),
            List.of(Action.of("none", "what-if", "")),
            new State(interval, List.of()),
            interval,
            List.of(),
            new Provenance("what-if", List.of(), null, ""));
    StateDistance distance = distance(record);
    List<String> missing = new ArrayList<>();
    for (InputVariable v : task.inputs()) {
      if (state.value(v.name()).isEmpty()) {
        missing.add(v.name());
      }
    }
    String reference =
        task.comparesArms()
            ? task.controlAction()
            : task.actions().isEmpty() ? "" : task.actions().get(0);
    List<Prediction> predictions = new ArrayList<>();
    for (String action : task.actions()) {
      predictions.add(model.predict(List.of(encoder.encode(record, action))).get(0));
    }
    Prediction ref =
        reference.isEmpty() ? null : predictions.get(task.actions().indexOf(reference));
    List<TargetScale> scales = encoder.targetScales();
    List<ActionForecast> forecasts = new ArrayList<>();
    for (int a = 0; a < task.actions().size(); a++) {
      String action = task.actions().get(a);
      Prediction p = predictions.get(a);
      List<TargetForecast> targets = new ArrayList<>();
      for (int j = 0; j < task.targets().size(); j++) {
        Target t = task.targets().get(j);
        double mu = p.mean()[j];
        double sd = p.sd()[j];
        double shift = ref == null ? 0 : (mu - ref.mean()[j]) / scales.get(j).trainingSd();
        targets.add(
            new TargetForecast(
                t.name(),
                file.units().getOrDefault(t.name(), ""),
                t.transform(),
                baselineValue(state, t),
                mu,
                sd,
                inverse(t.transform(), mu),
                new Interval(
                    0.5,
                    inverse(t.transform(), mu - Z50 * sd),
                    inverse(t.transform(), mu + Z50 * sd)),
                new Interval(
                    0.9,
                    inverse(t.transform(), mu - Z90 * sd),
                    inverse(t.transform(), mu + Z90 * sd)),
                shift));
      }
      forecasts.add(
          new ActionForecast(
              action,
              file.actionCounts().getOrDefault(action, 0L),
              targets,
              file.evidence().getOrDefault(action, List.of())));
    }
    return new WhatIfAnswer(
        HYPOTHESIS_LABEL,
        caveats(missing),
        task.name(),
        file.method(),
        state.values(),
        interval,
        missing,
        distance,
        reference,
        forecasts);
  }

  private List<String> caveats(List<String> missing) {
    List<String> c = new ArrayList<>();
    if (task.randomized()) {
      c.add(
          "The actions were randomized in the training data, so differences between actions are"
              + " estimates of effects in that trial population - with the uncertainty shown and"
              + " only for states like the trial's.");
    } else {
      c.add(
          "The actions were not randomized in the training data: differences between actions"
              + " may reflect who received them (confounding), not what they do.");
    }
    c.add(
        "Intervals are the model's predictive distribution (Gaussian on the "
            + "transformed scale); they do not include uncertainty about the model itself.");
    if (!missing.isEmpty()) {
      c.add(
          missing.size()
              + " input(s) not given were set to the training mean: "
              + String.join(", ", missing));
    }
    c.add(
        "The evidence listed is what the data or a curated file carries for each action; it is a"
            + " proposed mechanism, not a validation of this prediction.");
    return c;
  }

  private List<Variable> variables(BaselineState state) throws WhatIfRefusedException {
    Set<String> known = new TreeSet<>(inputNames());
    for (String name : state.values().keySet()) {
      if (!known.contains(name)) {
        throw new WhatIfRefusedException(
            name,
            "not an input of task "
                + task.name()
                + "; known: "
                + String.join(", ", known)
                + ", "
                + BaselineState.INTERVAL_KEY);
      }
    }
    List<Variable> vars = new ArrayList<>();
    for (InputVariable v : task.inputs()) {
      String text = state.values().get(v.name());
      if (text == null) {
        continue;
      }
      vars.add(
          new Variable(
              v.name(), value(v, text.trim()), file.units().getOrDefault(v.name(), ""), ""));
    }
    return vars;
  }

  private static Value value(InputVariable v, String text) throws WhatIfRefusedException {
    switch (v.kind()) {
      case NUMERIC -> {
        double x;
        try {
          x = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new WhatIfRefusedException(v.name(), "'" + text + "' is not a number");
        }
        if (!Double.isFinite(x)) {
          throw new WhatIfRefusedException(v.name(), "must be finite, was " + text);
        }
        if (Double.isNaN(Transforms.apply(v.transform(), x))) {
          throw new WhatIfRefusedException(
              v.name(), text + " is outside the domain of its " + v.transform() + " transform");
        }
        return Value.of(x);
      }
      case BINARY -> {
        return switch (text.toLowerCase(Locale.ROOT)) {
          case "true", "1", "yes", "1.0" -> Value.of(true);
          case "false", "0", "no", "0.0" -> Value.of(false);
          default ->
              throw new WhatIfRefusedException(
                  v.name(), "'" + text + "' is not a flag (true/false, 1/0, yes/no)");
        };
      }
      case CATEGORICAL -> {
        if (!v.levels().contains(text)) {
          throw new WhatIfRefusedException(
              v.name(), "'" + text + "' is not one of its levels " + v.levels());
        }
        return Value.of(text);
      }
      default -> throw new IllegalStateException("unknown kind " + v.kind());
    }
  }

  private StateDistance distance(TransitionRecord record) throws WhatIfRefusedException {
    InputReference ref = file.reference();
    double[] z = InputReference.standardized(task, encoder.statistics(), record);
    List<String> slots = ref.slots();
    double maxAbs = 0;
    String maxSlot = "";
    for (int i = 0; i < z.length; i++) {
      if (!Double.isNaN(z[i]) && Math.abs(z[i]) > maxAbs) {
        maxAbs = Math.abs(z[i]);
        maxSlot = name(slots.get(i));
      }
    }
    if (maxAbs > ref.maxAbsZ()) {
      throw new WhatIfRefusedException(
          maxSlot,
          String.format(
              Locale.ROOT,
              "too far outside the training data: %.1f training standard deviations from the"
                  + " training mean (the limit is %.0f); the model has not seen such states",
              maxAbs,
              ref.maxAbsZ()));
    }
    double d2 = ref.squaredDistance(InputReference.imputed(z));
    if (d2 > ref.thresholdD2()) {
      throw new WhatIfRefusedException(
          "state",
          String.format(
              Locale.ROOT,
              "this combination of values is too far outside the training data: squared"
                  + " Mahalanobis distance %.1f exceeds %.1f (%s of the training records);"
                  + " the input furthest out is %s at |z| = %.1f",
              d2,
              ref.thresholdD2(),
              ref.thresholdRule(),
              maxSlot.isEmpty() ? "none" : maxSlot,
              maxAbs));
    }
    return new StateDistance(
        d2, ref.thresholdD2(), ref.thresholdRule(), maxAbs, maxSlot, ref.maxAbsZ());
  }

  private static String name(String slot) {
    return slot.startsWith("input:") ? slot.substring("input:".length()) : slot;
  }

  private static Double baselineValue(BaselineState state, Target t) {
    String text = state.values().get(t.name());
    if (text == null) {
      return null;
    }
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Back from the transformed scale to the variable's unit (monotone, so quantiles map). */
  static double inverse(String transform, double y) {
    return switch (transform) {
      case "" -> y;
      case "log" -> Math.exp(y);
      case "log1p" -> Math.expm1(y);
      case "sqrt" -> y <= 0 ? 0 : y * y;
      default -> throw new IllegalArgumentException("unknown transform " + transform);
    };
  }
}
