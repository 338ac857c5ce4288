package org.transitionnet.features;

import java.util.ArrayList;
import java.util.List;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Target;
import org.transitionnet.task.Task;

/**
 * Encodes records of a task as {@link Example}s with the training {@link FeatureStatistics}:
 *
 * <ul>
 *   <li>numeric input: declared transform, standardized, 0 when missing, plus a missing indicator;
 *   <li>binary input: 0/1, 0 when missing, plus a missing indicator;
 *   <li>categorical input: one-hot over the task's levels (all 0 when missing or unknown), plus a
 *       missing indicator;
 *   <li>Δt in days, standardized;
 *   <li>the action: one-hot over the task's action labels (all 0 for an action the task does not
 *       know).
 * </ul>
 *
 * Targets are not imputed: a missing baseline or follow-up value stays NaN in the example.
 */
public final class FeatureEncoder {

  private final Task task;
  private final FeatureStatistics statistics;
  private final List<String> inputNames;

  public FeatureEncoder(Task task, FeatureStatistics statistics) {
    this.task = task;
    this.statistics = statistics;
    if (!statistics.slotNames().equals(FeatureStatistics.slots(task))) {
      throw new IllegalArgumentException("statistics were computed for a different task");
    }
    List<String> names = new ArrayList<>();
    for (InputVariable v : task.inputs()) {
      switch (v.kind()) {
        case NUMERIC, BINARY -> names.add(v.name());
        case CATEGORICAL -> v.levels().forEach(l -> names.add(v.name() + "=" + l));
      }
      names.add(v.name() + ":missing");
    }
    names.add("interval_days");
    task.actions().forEach(a -> names.add("action=" + a));
    this.inputNames = List.copyOf(names);
  }

  public Task task() {
    return task;
  }

  public FeatureStatistics statistics() {
    return statistics;
  }

  /** Names of the encoded input columns, in order. */
  public List<String> inputNames() {
    return inputNames;
  }

  public int inputCount() {
    return inputNames.size();
  }

  public int targetCount() {
    return task.targets().size();
  }

  /** The metric scale of each target: training SD of the follow-up value, and its tolerance. */
  public List<TargetScale> targetScales() {
    return task.targets().stream()
        .map(
            t ->
                new TargetScale(
                    t.name(), statistics.sd("target:" + t.name()), t.directionTolerance()))
        .toList();
  }

  /** Training mean of each target's follow-up value (transformed scale). */
  public double[] targetMeans() {
    return task.targets().stream()
        .mapToDouble(t -> statistics.mean("target:" + t.name()))
        .toArray();
  }

  public Example encode(TransitionRecord r) {
    return encode(r, Task.actionLabel(r));
  }

  /** Encodes a record as if its action had been {@code actionLabel} (for counterfactuals). */
  public Example encode(TransitionRecord r, String actionLabel) {
    double[] x = new double[inputNames.size()];
    int i = 0;
    for (InputVariable v : task.inputs()) {
      switch (v.kind()) {
        case NUMERIC -> {
          double value = RecordValues.input(r, v);
          String slot = "input:" + v.name();
          boolean missing = Double.isNaN(value);
          x[i++] = missing ? 0 : (value - statistics.mean(slot)) / statistics.sd(slot);
          x[i++] = missing ? 1 : 0;
        }
        case BINARY -> {
          double value = RecordValues.input(r, v);
          boolean missing = Double.isNaN(value);
          x[i++] = missing ? 0 : value;
          x[i++] = missing ? 1 : 0;
        }
        case CATEGORICAL -> {
          Value value = RecordValues.inputValue(r, v.name()).orElse(null);
          String level = value instanceof Value.Category c ? c.level() : null;
          for (String l : v.levels()) {
            x[i++] = l.equals(level) ? 1 : 0;
          }
          x[i++] = level == null ? 1 : 0;
        }
      }
    }
    x[i++] = (r.intervalDays() - statistics.mean("interval_days")) / statistics.sd("interval_days");
    for (String a : task.actions()) {
      x[i++] = a.equals(actionLabel) ? 1 : 0;
    }
    int t = task.targets().size();
    double[] y0 = new double[t];
    double[] y1 = new double[t];
    for (int j = 0; j < t; j++) {
      Target target = task.targets().get(j);
      y0[j] = RecordValues.baseline(r, target);
      y1[j] = RecordValues.followUp(r, target);
    }
    return new Example(x, y0, y1, actionLabel, r.subject(), r.site());
  }

  public List<Example> encodeAll(List<TransitionRecord> records) {
    return records.stream().map(this::encode).toList();
  }
}
