package org.transitionnet.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.transitionnet.validation.DeclaredVariable;
import org.transitionnet.validation.Range;
import org.transitionnet.validation.VariableCatalog;
import org.transitionnet.validation.VariableRole;
import org.transitionnet.validation.VariableType;

/**
 * What a FHIR import extracts and how it pairs it into transitions: the task's variables (LOINC
 * codes, including components of panels), the conditions and demographics kept as context, the
 * medications that count as which action class, and the pairing rule with its windows.
 *
 * <p>A task is declared in a JSON file (see {@code docs/guide-fhir.md}); a new task needs no code.
 *
 * @param name the task's name, e.g. {@code bp-antihypertensive}
 * @param dataset the dataset name written into each record's provenance
 * @param mode how measurements and medication events become transitions
 * @param variables the state variables, in output order
 * @param context which Patient demographics and Conditions become context variables
 * @param medicationClasses the action classes and the RxNorm codes that belong to each
 * @param event windows of {@link Mode#EVENT} tasks; present only in that mode
 * @param consecutive rules of {@link Mode#CONSECUTIVE} tasks; present only in that mode
 * @param sameTimeToleranceHours a state at time {@code t} takes each variable's latest value
 *     measured in {@code [t - tolerance, t]} (0: measured at {@code t} exactly)
 * @param version content hash of the task file (written as the records' mapping version)
 */
public record ExtractionTask(
    String name,
    String dataset,
    Mode mode,
    List<VariableSpec> variables,
    ContextSpec context,
    List<MedicationClass> medicationClasses,
    EventRule event,
    ConsecutiveRule consecutive,
    double sameTimeToleranceHours,
    String version) {

  /** How a task pairs measurements into transitions. */
  public enum Mode {
    /** A medication start is the action; states are the latest before and first after it. */
    EVENT,
    /** Each pair of consecutive measurements; the action is what was active in between. */
    CONSECUTIVE
  }

  public ExtractionTask {
    Objects.requireNonNull(name, "name");
    dataset = dataset == null ? "" : dataset;
    Objects.requireNonNull(mode, "mode");
    variables = List.copyOf(variables);
    Objects.requireNonNull(context, "context");
    medicationClasses = List.copyOf(medicationClasses);
    if (mode == Mode.EVENT) {
      Objects.requireNonNull(event, "an event task needs its event rule");
    } else {
      Objects.requireNonNull(consecutive, "a consecutive task needs its consecutive rule");
    }
    version = version == null ? "" : version;
  }

  /**
   * One state variable: a LOINC code (or several equivalent ones) whose value, converted to the
   * declared UCUM unit, is the variable. A code matches an Observation's code or the code of one of
   * its components (e.g. systolic {@code 8480-6} inside the blood-pressure panel {@code 85354-9}).
   *
   * @param name the variable's name in records
   * @param codes {@code system|code}; the first is written into records, the others are equivalents
   * @param unit the declared UCUM unit
   * @param min lowest plausible value (in {@code unit}), or {@code null}
   * @param max highest plausible value, or {@code null}
   * @param required whether a state without this variable is dropped
   */
  public record VariableSpec(
      String name, List<String> codes, String unit, Double min, Double max, boolean required) {
    public VariableSpec {
      Objects.requireNonNull(name, "name");
      codes = List.copyOf(codes);
      unit = unit == null ? "" : unit;
    }

    /** The code written into records. */
    public String code() {
      return codes.get(0);
    }
  }

  /**
   * Context variables: age (years at the baseline) and sex from the Patient, and one flag per
   * listed condition (recorded with onset at or before the baseline).
   */
  public record ContextSpec(boolean age, boolean sex, List<ConditionSpec> conditions) {
    public ContextSpec {
      conditions = List.copyOf(conditions);
    }
  }

  /** A condition flag: any of the codes ({@code system|code}, SNOMED CT in Synthea). */
  public record ConditionSpec(String name, List<String> codes) {
    public ConditionSpec {
      Objects.requireNonNull(name, "name");
      codes = List.copyOf(codes);
    }
  }

  /**
   * An action class (e.g. {@code ace-inhibitor}) and the medications that count as it.
   *
   * @param name the class name, written as the action's name
   * @param type the action type (normally {@code drug})
   * @param medications the medications of the class
   */
  public record MedicationClass(String name, String type, List<MedicationSpec> medications) {
    public MedicationClass {
      Objects.requireNonNull(name, "name");
      type = type == null || type.isBlank() ? "drug" : type;
      medications = List.copyOf(medications);
    }
  }

  /**
   * One medication (an RxNorm code). The dose of an order is the ordered quantity times {@code
   * strength} (e.g. one tablet of 10 mg), in {@code strengthUnit}.
   */
  public record MedicationSpec(
      String code, String name, Double strength, String strengthUnit, String route) {
    public MedicationSpec {
      Objects.requireNonNull(code, "code");
      name = name == null ? "" : name;
      strengthUnit = strengthUnit == null ? "" : strengthUnit;
      route = route == null ? "" : route;
    }
  }

  /**
   * Windows of an event-anchored task.
   *
   * @param anchorVariable the variable whose measurement times are the baseline and follow-up
   * @param anchorClasses the classes whose starts anchor a transition (all classes when empty)
   * @param lookbackDays the baseline is the latest measurement at most this long before the start
   * @param followUpDays the follow-up is the first measurement at most this long after the start
   * @param minFollowUpDays the follow-up must be at least this long after the start
   * @param washoutDays a start counts as new only if the class was not ordered in this many days
   *     before it; {@code null}: only the first order of the class for the patient counts
   */
  public record EventRule(
      String anchorVariable,
      List<String> anchorClasses,
      double lookbackDays,
      double followUpDays,
      double minFollowUpDays,
      Double washoutDays) {
    public EventRule {
      Objects.requireNonNull(anchorVariable, "anchorVariable");
      anchorClasses = List.copyOf(anchorClasses);
    }
  }

  /**
   * Rules of a consecutive-measurement task.
   *
   * @param anchorVariable the variable whose measurement times are the time points
   * @param maxIntervalDays longer gaps are dropped ({@code INTERVAL_TOO_LONG}); {@code null}: none
   * @param activeDays a medication order is taken as active this long after it is authored
   */
  public record ConsecutiveRule(String anchorVariable, Double maxIntervalDays, double activeDays) {
    public ConsecutiveRule {
      Objects.requireNonNull(anchorVariable, "anchorVariable");
    }
  }

  /**
   * The variables this task's records carry, as the project's validator declares them: the state
   * variables with their units, codes and plausible ranges, then the context (age in years, sex as
   * FHIR administrative gender, one flag per condition).
   */
  public VariableCatalog catalog() {
    List<DeclaredVariable> declared = new ArrayList<>();
    for (VariableSpec v : variables) {
      Range range = v.min() == null && v.max() == null ? null : new Range(v.min(), v.max());
      declared.add(
          new DeclaredVariable(
              v.name(),
              VariableRole.STATE,
              VariableType.NUMERIC,
              v.unit(),
              v.code(),
              List.of(),
              range,
              null));
    }
    if (context.age()) {
      declared.add(
          new DeclaredVariable(
              "age",
              VariableRole.CONTEXT,
              VariableType.NUMERIC,
              "a",
              "",
              List.of(),
              new Range(0.0, 150.0),
              null));
    }
    if (context.sex()) {
      declared.add(
          new DeclaredVariable(
              "sex",
              VariableRole.CONTEXT,
              VariableType.CATEGORICAL,
              "",
              "",
              List.of("male", "female", "other", "unknown"),
              null,
              null));
    }
    for (ConditionSpec c : context.conditions()) {
      declared.add(
          new DeclaredVariable(
              c.name(),
              VariableRole.CONTEXT,
              VariableType.BINARY,
              "",
              c.codes().get(0),
              List.of(),
              null,
              null));
    }
    return new VariableCatalog(declared);
  }

  /** The variable named {@code name}. */
  public Optional<VariableSpec> variable(String variableName) {
    return variables.stream().filter(v -> v.name().equals(variableName)).findFirst();
  }

  /**
   * Parses a task file.
   *
   * @throws InvalidTaskException naming the JSON field at fault and why
   */
  public static ExtractionTask parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidTaskException(
          "", "the task file is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidTaskException("", "the task file must be a JSON object");
    }
    String name = text(root, "task", true);
    String dataset = Optional.ofNullable(text(root, "dataset", false)).orElse(name);
    String modeText = text(root, "mode", true);
    Mode mode =
        switch (modeText) {
          case "event" -> Mode.EVENT;
          case "consecutive" -> Mode.CONSECUTIVE;
          default ->
              throw new InvalidTaskException(
                  "mode", "must be \"event\" or \"consecutive\", was \"" + modeText + "\"");
        };

    List<VariableSpec> variables = new ArrayList<>();
    JsonNode vars = array(root, "variables", true);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < vars.size(); i++) {
      JsonNode v = vars.get(i);
      String path = "variables[" + i + "]";
      String vname = text(v, "name", true, path);
      if (!names.add(vname)) {
        throw new InvalidTaskException(
            path + ".name", "variable '" + vname + "' is declared twice");
      }
      List<String> codes = codes(v, path);
      String unit = text(v, "unit", true, path);
      Double min = number(v, "min", path);
      Double max = number(v, "max", path);
      boolean required = !v.has("required") || v.get("required").asBoolean();
      variables.add(new VariableSpec(vname, codes, unit, min, max, required));
    }
    if (variables.isEmpty()) {
      throw new InvalidTaskException("variables", "a task needs at least one variable");
    }

    JsonNode ctx = root.path("context");
    List<ConditionSpec> conditions = new ArrayList<>();
    JsonNode conds = ctx.path("conditions");
    for (int i = 0; i < conds.size(); i++) {
      String path = "context.conditions[" + i + "]";
      conditions.add(
          new ConditionSpec(text(conds.get(i), "name", true, path), codes(conds.get(i), path)));
    }
    if (conditions.size() > 1024) {
      throw new InvalidTaskException("context.conditions", "at most 1024 conditions");
    }
    ContextSpec context =
        new ContextSpec(
            ctx.path("age").asBoolean(true), ctx.path("sex").asBoolean(true), conditions);

    List<MedicationClass> classes = new ArrayList<>();
    JsonNode meds = array(root, "medications", true);
    Set<String> classNames = new HashSet<>();
    Set<String> medCodes = new HashSet<>();
    for (int i = 0; i < meds.size(); i++) {
      JsonNode c = meds.get(i);
      String path = "medications[" + i + "]";
      String cname = text(c, "class", true, path);
      if (!classNames.add(cname)) {
        throw new InvalidTaskException(path + ".class", "class '" + cname + "' is declared twice");
      }
      List<MedicationSpec> specs = new ArrayList<>();
      JsonNode list = c.path("codes");
      if (!list.isArray() || list.isEmpty()) {
        throw new InvalidTaskException(path + ".codes", "a class needs at least one medication");
      }
      for (int j = 0; j < list.size(); j++) {
        JsonNode m = list.get(j);
        String mpath = path + ".codes[" + j + "]";
        String code = text(m, "code", true, mpath);
        requireSystemAndCode(code, mpath + ".code");
        if (!medCodes.add(code)) {
          throw new InvalidTaskException(mpath + ".code", code + " belongs to more than one class");
        }
        specs.add(
            new MedicationSpec(
                code,
                text(m, "name", false, mpath),
                number(m, "strength", mpath),
                text(m, "strength_unit", false, mpath),
                text(m, "route", false, mpath)));
      }
      classes.add(new MedicationClass(cname, text(c, "type", false, path), specs));
    }

    EventRule event = null;
    ConsecutiveRule consecutive = null;
    if (mode == Mode.EVENT) {
      JsonNode e = object(root, "event");
      List<String> anchors = new ArrayList<>();
      e.path("anchor_classes").forEach(n -> anchors.add(n.asText()));
      for (String a : anchors) {
        if (!classNames.contains(a)) {
          throw new InvalidTaskException(
              "event.anchor_classes", "'" + a + "' is not a declared medication class");
        }
      }
      event =
          new EventRule(
              anchorVariable(e, "event", variables, names),
              anchors,
              positive(e, "lookback_days", "event"),
              positive(e, "follow_up_days", "event"),
              Optional.ofNullable(number(e, "min_follow_up_days", "event")).orElse(0.0),
              number(e, "washout_days", "event"));
    } else {
      JsonNode c = object(root, "consecutive");
      consecutive =
          new ConsecutiveRule(
              anchorVariable(c, "consecutive", variables, names),
              number(c, "max_interval_days", "consecutive"),
              positive(c, "active_days", "consecutive"));
    }
    double tolerance =
        Optional.ofNullable(number(root, "same_time_tolerance_hours", "")).orElse(0.0);
    if (tolerance < 0) {
      throw new InvalidTaskException("same_time_tolerance_hours", "must not be negative");
    }
    return new ExtractionTask(
        name,
        dataset,
        mode,
        variables,
        context,
        classes,
        event,
        consecutive,
        tolerance,
        sha256(json));
  }

  private static String anchorVariable(
      JsonNode node, String path, List<VariableSpec> variables, Set<String> names) {
    String anchor =
        Optional.ofNullable(text(node, "anchor_variable", false, path))
            .orElse(variables.get(0).name());
    if (!names.contains(anchor)) {
      throw new InvalidTaskException(
          path + ".anchor_variable", "'" + anchor + "' is not a declared variable");
    }
    return anchor;
  }

  private static List<String> codes(JsonNode node, String path) {
    List<String> codes = new ArrayList<>();
    if (node.has("code")) {
      codes.add(node.get("code").asText());
    }
    node.path("codes").forEach(n -> codes.add(n.asText()));
    if (codes.isEmpty()) {
      throw new InvalidTaskException(path + ".code", "needs a code (system|code)");
    }
    for (String c : codes) {
      requireSystemAndCode(c, path + ".code");
    }
    return codes;
  }

  private static void requireSystemAndCode(String code, String path) {
    int bar = code.indexOf('|');
    if (bar <= 0 || bar == code.length() - 1) {
      throw new InvalidTaskException(path, "'" + code + "' is not system|code");
    }
  }

  private static JsonNode array(JsonNode node, String field, boolean required) {
    JsonNode a = node.path(field);
    if (!a.isArray()) {
      if (required) {
        throw new InvalidTaskException(field, "must be a JSON array");
      }
    }
    return a;
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode o = node.path(field);
    if (!o.isObject()) {
      throw new InvalidTaskException(field, "must be a JSON object");
    }
    return o;
  }

  private static String text(JsonNode node, String field, boolean required) {
    return text(node, field, required, "");
  }

  private static String text(JsonNode node, String field, boolean required, String path) {
    JsonNode t = node.get(field);
    String where = path.isEmpty() ? field : path + "." + field;
    if (t == null || t.isNull()) {
      if (required) {
        throw new InvalidTaskException(where, "is required");
      }
      return null;
    }
    if (!t.isTextual() || t.asText().isBlank()) {
      throw new InvalidTaskException(where, "must be a non-empty string");
    }
    return t.asText();
  }

  private static Double number(JsonNode node, String field, String path) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw new InvalidTaskException(
          path.isEmpty() ? field : path + "." + field, "must be a number");
    }
    return n.asDouble();
  }

  private static double positive(JsonNode node, String field, String path) {
    Double d = number(node, field, path);
    if (d == null || !(d > 0)) {
      throw new InvalidTaskException(path + "." + field, "must be a positive number of days");
    }
    return d;
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
