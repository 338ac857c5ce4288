package org.transitionnet.validation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;
import org.transitionnet.units.UnitConversionException;
import org.transitionnet.units.Units;

/**
 * Checks a transition record against the variables a dataset declares, and normalizes it.
 *
 * <p>Refuses: an undeclared variable ({@code UNKNOWN_VARIABLE}); a unit that is not UCUM ({@code
 * UNKNOWN_UNIT}) or cannot be converted to the declared unit ({@code INCONVERTIBLE_UNIT}); a value
 * of the wrong kind or a category that is not a declared level ({@code BAD_VALUE}); a value outside
 * the declared plausible range or outside the domain of the declared transform ({@code
 * OUT_OF_RANGE}); a non-positive interval ({@code NON_POSITIVE_INTERVAL}); a follow-up dated before
 * the baseline ({@code FOLLOW_UP_BEFORE_BASELINE}); a record without subject or action ({@code
 * MISSING_FIELD}). Each rejection names the place given by the caller and the field as a path in
 * the record's canonical JSON form (e.g. {@code baselineState.bilirubin.unit}).
 *
 * <p>A valid record comes back normalized: numbers converted to the declared unit, each state and
 * the context listing the declared variables in declared order (absent ones marked missing), and
 * empty codes filled from the declaration. Stateless and thread-safe.
 */
public final class RecordValidator {

  private final VariableCatalog catalog;

  public RecordValidator(VariableCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  public VariableCatalog catalog() {
    return catalog;
  }

  /**
   * The problems of one record; empty when it is valid.
   *
   * @param location where the record came from, e.g. {@code record 3} or {@code rows 4, 5}
   */
  public List<Rejection> validate(TransitionRecord record, String location) {
    return check(record, "", location).rejections();
  }

  /**
   * Validates and normalizes one record.
   *
   * @param source the file or request the record came from (for the rejection), may be empty
   * @param location where in the source, e.g. {@code record 3}
   */
  public ValidatedRecord check(TransitionRecord record, String source, String location) {
    Objects.requireNonNull(record, "record");
    Problems problems = new Problems(source, location, record.describe());
    if (record.subject().isBlank()) {
      problems.add("subject", RejectionReason.MISSING_FIELD, "the record has no subject");
    }
    double interval = record.intervalDays();
    if (!(interval > 0) || !Double.isFinite(interval)) {
      problems.add(
          "intervalDays",
          RejectionReason.NON_POSITIVE_INTERVAL,
          "interval_days must be positive, was " + interval);
    }
    if (record.followUp().timeDays() < record.baseline().timeDays()) {
      problems.add(
          "followUpState.timeDays",
          RejectionReason.FOLLOW_UP_BEFORE_BASELINE,
          "the follow-up (day "
              + record.followUp().timeDays()
              + ") is before the baseline (day "
              + record.baseline().timeDays()
              + ")");
    }
    if (record.actions().isEmpty()) {
      problems.add(
          "action", RejectionReason.MISSING_FIELD, "the record has no action (use type 'none')");
    }
    for (int i = 0; i < record.actions().size(); i++) {
      String doseUnit = record.actions().get(i).doseUnit();
      String field = "action[" + i + "].doseUnit";
      Units.problem(doseUnit).ifPresent(p -> problems.add(field, RejectionReason.UNKNOWN_UNIT, p));
    }
    State baseline = normalizeState(record.baseline(), "baselineState", problems);
    State followUp = normalizeState(record.followUp(), "followUpState", problems);
    List<Variable> context =
        normalizeVariables(record.context(), VariableRole.CONTEXT, "context", problems);
    if (!problems.list.isEmpty()) {
      return new ValidatedRecord(null, problems.list);
    }
    TransitionRecord normalized =
        new TransitionRecord(
            record.subject(),
            record.site(),
            baseline,
            context,
            record.actions(),
            followUp,
            interval,
            record.evidenceChain(),
            record.provenance());
    return new ValidatedRecord(normalized, List.of());
  }

  /**
   * Validates a batch (e.g. a JSON import body): each record is checked, and a record whose {@link
   * TransitionRecord#identityKey()} repeats an earlier one of the batch is refused as {@code
   * DUPLICATE}. Records are numbered from 1 ({@code record 1} is the first).
   */
  public ImportResult checkAll(List<TransitionRecord> records, String source) {
    List<TransitionRecord> valid = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String location = "record " + (i + 1);
      ValidatedRecord checked = check(records.get(i), source, location);
      if (!checked.isValid()) {
        rejections.addAll(checked.rejections());
        continue;
      }
      Integer first = seen.putIfAbsent(checked.normalized().identityKey(), i + 1);
      if (first != null) {
        rejections.add(
            new Rejection(
                source,
                location,
                "",
                RejectionReason.DUPLICATE,
                "the same record as record " + first + " of this import"));
        continue;
      }
      valid.add(checked.normalized());
    }
    return new ImportResult(
        records.size(), valid, rejections, new EnumMap<>(RejectionReason.class));
  }

  /**
   * Checks and normalizes one variable on its own (what importers do cell by cell, so that a
   * rejection names the row and column): declared with this role, a value of the declared kind, a
   * unit convertible to the declared one, inside the plausible range.
   *
   * @param field the name of the place at fault in the caller's terms (e.g. a CSV column)
   */
  public CheckedVariable checkVariable(
      Variable variable, VariableRole role, String source, String location, String field) {
    Problems problems = new Problems(source, location, null);
    DeclaredVariable declared = catalog.find(variable.name()).orElse(null);
    if (declared == null || declared.role() != role) {
      problems.add(
          field,
          RejectionReason.UNKNOWN_VARIABLE,
          "variable '" + variable.name() + "' is not declared as " + role.name().toLowerCase());
      return new CheckedVariable(null, problems.list);
    }
    Variable normalized = normalizeValue(variable, declared, field, problems);
    return new CheckedVariable(normalized, problems.list);
  }

  /**
   * One variable checked on its own.
   *
   * @param variable the normalized variable, or {@code null} when rejected
   * @param rejections the problems; empty exactly when the variable is valid
   */
  public record CheckedVariable(Variable variable, List<Rejection> rejections) {
    public CheckedVariable {
      rejections = List.copyOf(rejections);
    }

    public boolean isValid() {
      return rejections.isEmpty();
    }
  }

  private State normalizeState(State state, String path, Problems problems) {
    List<Variable> variables =
        normalizeVariables(state.variables(), VariableRole.STATE, path, problems);
    return new State(state.timeDays(), variables);
  }

  private List<Variable> normalizeVariables(
      List<Variable> given, VariableRole role, String path, Problems problems) {
    Map<String, Variable> byName = new LinkedHashMap<>();
    Set<String> reported = new HashSet<>();
    for (Variable v : given) {
      String field = path + "." + v.name();
      DeclaredVariable declared = catalog.find(v.name()).orElse(null);
      if (declared == null || declared.role() != role) {
        String where =
            declared == null
                ? "is not declared"
                : "is declared as " + declared.role().name().toLowerCase() + ", not here";
        problems.add(
            field, RejectionReason.UNKNOWN_VARIABLE, "variable '" + v.name() + "' " + where);
        continue;
      }
      if (byName.containsKey(v.name())) {
        if (reported.add(v.name())) {
          problems.add(
              field, RejectionReason.BAD_VALUE, "variable '" + v.name() + "' appears twice");
        }
        continue;
      }
      Variable normalized = normalizeValue(v, declared, field, problems);
      if (normalized != null) {
        byName.put(v.name(), normalized);
      }
    }
    List<Variable> ordered = new ArrayList<>();
    for (DeclaredVariable d : role == VariableRole.STATE ? catalog.state() : catalog.context()) {
      Variable v = byName.get(d.name());
      ordered.add(v != null ? v : Variable.missing(d.name(), d.unit(), d.code()));
    }
    return ordered;
  }

  /** The variable in its declared form, or {@code null} after adding a problem. */
  private static Variable normalizeValue(
      Variable v, DeclaredVariable declared, String field, Problems problems) {
    String code = v.code().isEmpty() ? declared.code() : v.code();
    if (v.isMissing()) {
      return Variable.missing(declared.name(), declared.unit(), code);
    }
    Value value = v.value();
    switch (declared.type()) {
      case NUMERIC -> {
        if (!(value instanceof Value.Numeric numeric)) {
          problems.add(
              field, RejectionReason.BAD_VALUE, "expects a number, got " + describe(value));
          return null;
        }
        double converted;
        var unitProblem = Units.problem(v.unit());
        if (unitProblem.isPresent()) {
          problems.add(
              field + ".unit",
              RejectionReason.UNKNOWN_UNIT,
              "'" + v.unit() + "' is not a UCUM unit: " + unitProblem.get());
          return null;
        }
        try {
          converted = Units.convert(numeric.value(), v.unit(), declared.unit());
        } catch (UnitConversionException e) {
          problems.add(
              field + ".unit",
              RejectionReason.INCONVERTIBLE_UNIT,
              "unit '"
                  + v.unit()
                  + "' cannot be converted to the declared unit '"
                  + declared.unit()
                  + "'");
          return null;
        }
        if (declared.range() != null && !declared.range().contains(converted)) {
          problems.add(
              field,
              RejectionReason.OUT_OF_RANGE,
              "value "
                  + shown(converted, numeric.value(), v.unit(), declared)
                  + " is outside the plausible range "
                  + declared.range());
          return null;
        }
        if (declared.transform() != null && !declared.transform().accepts(converted)) {
          problems.add(
              field,
              RejectionReason.OUT_OF_RANGE,
              "value "
                  + shown(converted, numeric.value(), v.unit(), declared)
                  + " is outside the domain of the declared transform "
                  + declared.transform().key());
          return null;
        }
        return Variable.number(declared.name(), converted, declared.unit(), code);
      }
      case BINARY -> {
        if (value instanceof Value.Flag) {
          return new Variable(declared.name(), value, "", code);
        }
        if (value instanceof Value.Numeric n && (n.value() == 0 || n.value() == 1)) {
          return new Variable(declared.name(), Value.of(n.value() == 1), "", code);
        }
        problems.add(
            field, RejectionReason.BAD_VALUE, "expects a boolean (or 0/1), got " + describe(value));
        return null;
      }
      case CATEGORICAL -> {
        if (value instanceof Value.Category c && declared.levels().contains(c.level())) {
          return new Variable(declared.name(), value, "", code);
        }
        problems.add(
            field,
            RejectionReason.BAD_VALUE,
            "expects one of the levels " + declared.levels() + ", got " + describe(value));
        return null;
      }
      default -> throw new IllegalStateException("unhandled type " + declared.type());
    }
  }

  private static String shown(
      double converted, double given, String givenUnit, DeclaredVariable declared) {
    return converted
        + (declared.unit().isEmpty() ? "" : " " + declared.unit())
        + (givenUnit.equals(declared.unit()) ? "" : " (" + given + " " + givenUnit + ")");
  }

  private static String describe(Value value) {
    if (value instanceof Value.Numeric n) {
      return "the number " + n.value();
    }
    if (value instanceof Value.Flag f) {
      return "the boolean " + f.value();
    }
    return "the category '" + ((Value.Category) value).level() + "'";
  }

  private static final class Problems {
    final String source;
    final String location;
    final String record;
    final List<Rejection> list = new ArrayList<>();

    Problems(String source, String location, String record) {
      this.source = source;
      this.location = location;
      this.record = record;
    }

    void add(String field, RejectionReason reason, String message) {
      String suffix = record == null ? "" : " (" + record + ")";
      list.add(new Rejection(source, location, field, reason, message + suffix));
    }
  }
}
