package org.transitionnet.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.Action;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;

/**
 * Pairs a patient's extracted time series into transition records, by the task's rule: around each
 * new medication start ({@link ExtractionTask.Mode#EVENT}) or between consecutive measurements
 * ({@link ExtractionTask.Mode#CONSECUTIVE}). Patients in id order, each patient's records in time
 * order: the output does not depend on the order resources were read in.
 *
 * <p>Times in records are days since the patient's birth date.
 */
final class TransitionDeriver {

  private static final double SECONDS_PER_DAY = 86_400.0;
  private static final double DAYS_PER_YEAR = 365.25;

  record Result(List<TransitionRecord> records, Map<RejectionReason, Long> dropped) {}

  private final ExtractionTask task;
  private final Extract x;
  private final String site;
  private final Instant importedAt;
  private final long toleranceSeconds;
  private final List<TransitionRecord> records = new ArrayList<>();
  private final Map<RejectionReason, Long> dropped = new EnumMap<>(RejectionReason.class);

  // Per-patient working set: per variable, measurement indices in time order.
  private int[][] byVariable;
  private long[][] timesByVariable;

  TransitionDeriver(ExtractionTask task, Extract extract, String site, Instant importedAt) {
    this.task = task;
    this.x = extract;
    this.site = site;
    this.importedAt = importedAt;
    this.toleranceSeconds = Math.round(task.sameTimeToleranceHours() * 3600);
  }

  Result derive() {
    int patients = x.patientIds.size();
    int[][] measurementsOf = groupBy(x.mPatient, x.measurements, patients);
    int[][] eventsOf = groupBy(x.ePatient, x.events, patients);
    Integer[] order = new Integer[patients];
    for (int i = 0; i < patients; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(x.patientIds::get));
    for (int p : order) {
      if (!x.patientSeen[p]) {
        continue; // rejected as a missing reference
      }
      prepare(measurementsOf[p]);
      Integer[] events = sortedEvents(eventsOf[p]);
      if (task.mode() == ExtractionTask.Mode.EVENT) {
        eventAnchored(p, events);
      } else {
        consecutive(p, events);
      }
    }
    return new Result(records, dropped);
  }

  private static int[][] groupBy(int[] patientColumn, int n, int patients) {
    int[] counts = new int[patients];
    for (int i = 0; i < n; i++) {
      counts[patientColumn[i]]++;
    }
    int[][] groups = new int[patients][];
    for (int p = 0; p < patients; p++) {
      groups[p] = new int[counts[p]];
    }
    int[] fill = new int[patients];
    for (int i = 0; i < n; i++) {
      int p = patientColumn[i];
      groups[p][fill[p]++] = i;
    }
    return groups;
  }

  private void prepare(int[] measurements) {
    int vars = task.variables().size();
    List<List<Integer>> lists = new ArrayList<>(vars);
    for (int v = 0; v < vars; v++) {
      lists.add(new ArrayList<>());
    }
    for (int m : measurements) {
      lists.get(x.mVariable[m]).add(m);
    }
    byVariable = new int[vars][];
    timesByVariable = new long[vars][];
    Comparator<Integer> byTime =
        Comparator.<Integer>comparingLong(m -> x.mTime[m]).thenComparing(m -> x.mId[m]);
    for (int v = 0; v < vars; v++) {
      List<Integer> l = lists.get(v);
      l.sort(byTime);
      byVariable[v] = l.stream().mapToInt(Integer::intValue).toArray();
      timesByVariable[v] = l.stream().mapToLong(m -> x.mTime[m]).toArray();
    }
  }

  private Integer[] sortedEvents(int[] events) {
    Integer[] sorted = Arrays.stream(events).boxed().toArray(Integer[]::new);
    Arrays.sort(
        sorted,
        Comparator.<Integer>comparingLong(e -> x.eTime[e])
            .thenComparingInt(e -> x.eClass[e])
            .thenComparing(e -> x.eId[e]));
    return sorted;
  }

  // ---- event-anchored ----

  private void eventAnchored(int p, Integer[] events) {
    ExtractionTask.EventRule rule = task.event();
    int anchor = variableIndex(rule.anchorVariable());
    Set<Integer> anchorClasses = new java.util.HashSet<>();
    for (int c = 0; c < task.medicationClasses().size(); c++) {
      if (rule.anchorClasses().isEmpty()
          || rule.anchorClasses().contains(task.medicationClasses().get(c).name())) {
        anchorClasses.add(c);
      }
    }
    long lookback = seconds(rule.lookbackDays());
    long followUp = seconds(rule.followUpDays());
    long minFollowUp = seconds(rule.minFollowUpDays());
    Long washout = rule.washoutDays() == null ? null : seconds(rule.washoutDays());
    for (int k = 0; k < events.length; k++) {
      int e = events[k];
      int c = x.eClass[e];
      if (!anchorClasses.contains(c)) {
        continue;
      }
      long t = x.eTime[e];
      if (!isNewStart(events, k, washout)) {
        drop(RejectionReason.NOT_A_NEW_START);
        continue;
      }
      long[] anchorTimes = timesByVariable[anchor];
      int b = latestAtOrBefore(anchorTimes, t);
      if (b < 0 || anchorTimes[b] < t - lookback) {
        drop(RejectionReason.NO_BASELINE_IN_WINDOW);
        continue;
      }
      int f = firstAfter(anchorTimes, Math.max(t, t + minFollowUp - 1));
      if (f < 0 || anchorTimes[f] > t + followUp) {
        drop(RejectionReason.NO_FOLLOW_UP_IN_WINDOW);
        continue;
      }
      long bt = anchorTimes[b];
      long ft = anchorTimes[f];
      Set<String> sources = new LinkedHashSet<>();
      int[] baseline = state(bt, t - lookback - 1, sources);
      int[] follow = state(ft, t, sources);
      if (baseline == null || follow == null) {
        drop(RejectionReason.MISSING_REQUIRED_VARIABLE);
        continue;
      }
      sources.add(x.eId[e]);
      emit(p, bt, baseline, ft, follow, List.of(action(e)), sources);
    }
  }

  private boolean isNewStart(Integer[] events, int k, Long washout) {
    int e = events[k];
    for (int j = k - 1; j >= 0; j--) {
      int prior = events[j];
      if (washout != null && x.eTime[prior] < x.eTime[e] - washout) {
        break; // events are in time order: everything before is outside the washout
      }
      if (x.eClass[prior] == x.eClass[e]) {
        return false;
      }
    }
    return true;
  }

  // ---- consecutive measurements ----

  private void consecutive(int p, Integer[] events) {
    ExtractionTask.ConsecutiveRule rule = task.consecutive();
    int anchor = variableIndex(rule.anchorVariable());
    long[] times = distinct(timesByVariable[anchor]);
    long active = seconds(rule.activeDays());
    Double max = rule.maxIntervalDays();
    for (int i = 0; i + 1 < times.length; i++) {
      long t1 = times[i];
      long t2 = times[i + 1];
      if (max != null && (t2 - t1) / SECONDS_PER_DAY > max) {
        drop(RejectionReason.INTERVAL_TOO_LONG);
        continue;
      }
      Set<String> sources = new LinkedHashSet<>();
      int[] baseline = state(t1, i == 0 ? Long.MIN_VALUE : times[i - 1], sources);
      int[] follow = state(t2, t1, sources);
      if (baseline == null || follow == null) {
        drop(RejectionReason.MISSING_REQUIRED_VARIABLE);
        continue;
      }
      List<Action> actions = new ArrayList<>();
      for (int c = 0; c < task.medicationClasses().size(); c++) {
        int governing = -1;
        for (int e : events) {
          if (x.eClass[e] == c && x.eTime[e] < t2 && x.eTime[e] + active > t1) {
            governing = e; // events are in time order: the last one governs the dose
          }
        }
        if (governing >= 0) {
          actions.add(action(governing));
          sources.add(x.eId[governing]);
        }
      }
      if (actions.isEmpty()) {
        actions.add(Action.of("none", "none", ""));
      }
      emit(p, t1, baseline, t2, follow, actions, sources);
    }
  }

  // ---- shared ----

  /**
   * The measurement index of each variable in the state at {@code t} (or -1 when missing): its
   * latest value in {@code [t - tolerance, t]} and after {@code exclusiveFloor}; {@code null} when
   * a required variable is missing. Adds the Observation ids used to {@code sources}.
   */
  private int[] state(long t, long exclusiveFloor, Set<String> sources) {
    int vars = task.variables().size();
    int[] chosen = new int[vars];
    for (int v = 0; v < vars; v++) {
      int k = latestAtOrBefore(timesByVariable[v], t);
      long time = k < 0 ? Long.MIN_VALUE : timesByVariable[v][k];
      if (k < 0 || time < t - toleranceSeconds || time <= exclusiveFloor) {
        if (task.variables().get(v).required()) {
          return null;
        }
        chosen[v] = -1;
      } else {
        chosen[v] = byVariable[v][k];
      }
    }
    for (int m : chosen) {
      if (m >= 0) {
        sources.add(x.mId[m]);
      }
    }
    return chosen;
  }

  private void emit(
      int p,
      long baselineTime,
      int[] baseline,
      long followTime,
      int[] follow,
      List<Action> actions,
      Set<String> sources) {
    long birthSecond = x.birthEpochDay[p] * 86_400L;
    double bDays = (baselineTime - birthSecond) / SECONDS_PER_DAY;
    double fDays = (followTime - birthSecond) / SECONDS_PER_DAY;
    records.add(
        new TransitionRecord(
            x.patientIds.get(p),
            site,
            new State(bDays, variables(baseline)),
            context(p, baselineTime, bDays),
            actions,
            new State(fDays, variables(follow)),
            fDays - bDays,
            List.of(),
            new Provenance(task.dataset(), List.copyOf(sources), importedAt, task.version())));
  }

  private List<Variable> variables(int[] chosen) {
    List<Variable> out = new ArrayList<>(chosen.length);
    for (int v = 0; v < chosen.length; v++) {
      ExtractionTask.VariableSpec spec = task.variables().get(v);
      out.add(
          chosen[v] < 0
              ? Variable.missing(spec.name(), spec.unit(), spec.code())
              : Variable.number(spec.name(), x.mValue[chosen[v]], spec.unit(), spec.code()));
    }
    return out;
  }

  private List<Variable> context(int p, long baselineTime, double baselineDays) {
    List<Variable> out = new ArrayList<>();
    ExtractionTask.ContextSpec spec = task.context();
    if (spec.age()) {
      double years = Math.round(baselineDays / DAYS_PER_YEAR * 100) / 100.0;
      out.add(Variable.number("age", years, "a", ""));
    }
    if (spec.sex()) {
      out.add(new Variable("sex", Value.of(x.sex[p]), "", ""));
    }
    for (int c = 0; c < spec.conditions().size(); c++) {
      Long onset = x.conditionOnset(p, c);
      boolean present = onset != null && onset <= baselineTime;
      ExtractionTask.ConditionSpec cond = spec.conditions().get(c);
      out.add(new Variable(cond.name(), Value.of(present), "", cond.codes().get(0)));
    }
    return out;
  }

  private Action action(int e) {
    ExtractionTask.MedicationClass cls = task.medicationClasses().get(x.eClass[e]);
    double dose = x.eDose[e];
    return new Action(
        cls.type(),
        cls.name(),
        medicationCode(e),
        Double.isNaN(dose) ? null : dose,
        Double.isNaN(dose) ? "" : x.eDoseUnit[e],
        x.eFrequency[e],
        x.eRoute[e],
        null,
        null);
  }

  private String medicationCode(int e) {
    int m = x.eMedication[e];
    int i = 0;
    for (ExtractionTask.MedicationClass c : task.medicationClasses()) {
      for (ExtractionTask.MedicationSpec spec : c.medications()) {
        if (i++ == m) {
          return spec.code();
        }
      }
    }
    throw new IllegalStateException("medication index " + m + " out of range");
  }

  private int variableIndex(String name) {
    for (int v = 0; v < task.variables().size(); v++) {
      if (task.variables().get(v).name().equals(name)) {
        return v;
      }
    }
    throw new IllegalStateException("the task was validated to declare " + name);
  }

  private void drop(RejectionReason reason) {
    dropped.merge(reason, 1L, Long::sum);
  }

  private static long seconds(double days) {
    return Math.round(days * SECONDS_PER_DAY);
  }

  /** Index of the last time {@code <= t} (the last of equal times), or -1. */
  private static int latestAtOrBefore(long[] times, long t) {
    int lo = 0;
    int hi = times.length; // first index with time > t
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  /** Index of the first time {@code > t}, or -1. */
  private static int firstAfter(long[] times, long t) {
    int k = latestAtOrBefore(times, t) + 1;
    return k < times.length ? k : -1;
  }

  private static long[] distinct(long[] sorted) {
    return Arrays.stream(sorted).distinct().toArray();
  }
}
