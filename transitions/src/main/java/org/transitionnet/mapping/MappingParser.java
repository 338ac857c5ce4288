package org.transitionnet.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.transitionnet.record.Action;
import org.transitionnet.units.Units;
import org.transitionnet.validation.DeclaredVariable;
import org.transitionnet.validation.Range;
import org.transitionnet.validation.Transform;
import org.transitionnet.validation.VariableRole;
import org.transitionnet.validation.VariableType;

/** Reads the mapping JSON strictly: every error names its JSON path. */
final class MappingParser {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> ROOT_KEYS =
      Set.of(
          "dataset",
          "layout",
          "subject",
          "time",
          "site",
          "pairing",
          "max_interval_days",
          "context",
          "state",
          "action",
          "targets",
          "direction_tolerance",
          "series",
          "missing_values",
          "description");
  private static final Set<String> TIME_KEYS = Set.of("column", "unit", "scale", "description");
  private static final Set<String> VARIABLE_KEYS =
      Set.of(
          "column",
          "name",
          "unit",
          "source_unit",
          "code",
          "type",
          "levels",
          "transform",
          "range",
          "series",
          "description");
  private static final Set<String> RANGE_KEYS = Set.of("min", "max");
  private static final Set<String> ACTION_KEYS =
      Set.of("column", "levels", "randomized", "description");
  private static final Set<String> LEVEL_KEYS =
      Set.of(
          "type",
          "name",
          "code",
          "dose",
          "dose_unit",
          "frequency",
          "route",
          "duration_days",
          "description");

  private MappingParser() {}

  static Mapping parse(String json, String version) throws MappingException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MappingException(
          "$", null, "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    Obj r = Obj.of(root, "$");
    r.allowOnly(ROOT_KEYS);

    String dataset = r.requiredString("dataset");
    Layout layout =
        switch (r.requiredString("layout")) {
          case "long" -> Layout.LONG;
          case "wide" -> Layout.WIDE;
          default ->
              throw new MappingException(
                  r.path("layout"),
                  "layout must be 'long' or 'wide', was '"
                      + r.string("layout").orElseThrow()
                      + "'");
        };
    String subject =
        layout == Layout.LONG ? r.requiredString("subject") : r.string("subject").orElse(null);
    TimeAxis time = parseTime(r, layout);
    String site = r.string("site").orElse(null);
    Pairing pairing =
        switch (r.string("pairing").orElse("consecutive")) {
          case "consecutive" -> Pairing.CONSECUTIVE;
          case "baseline" -> Pairing.BASELINE;
          default ->
              throw new MappingException(
                  r.path("pairing"),
                  "pairing must be 'consecutive' or 'baseline', was '"
                      + r.string("pairing").orElseThrow()
                      + "'");
        };
    Double maxInterval = r.number("max_interval_days").orElse(null);
    if (maxInterval != null && !(maxInterval > 0)) {
      throw new MappingException(
          r.path("max_interval_days"), "must be a positive number of days, was " + maxInterval);
    }

    Set<String> names = new HashSet<>();
    List<VariableMapping> context = new ArrayList<>();
    List<Obj> contextNodes = r.array("context", false);
    for (Obj v : contextNodes) {
      context.add(parseVariable(v, VariableRole.CONTEXT, Layout.LONG, names));
    }
    List<Obj> stateNodes = r.array("state", true);
    if (stateNodes.isEmpty()) {
      throw new MappingException(r.path("state"), "declares no state variable");
    }
    Map<String, Double> topSeries = null;
    if (r.has("series")) {
      if (layout != Layout.WIDE) {
        throw new MappingException(r.path("series"), "series belongs to the wide layout only");
      }
      topSeries = parseSeries(r.object("series"));
    }
    List<VariableMapping> state = new ArrayList<>();
    for (Obj v : stateNodes) {
      VariableMapping parsed = parseVariable(v, VariableRole.STATE, layout, names);
      if (layout == Layout.WIDE && parsed.series().isEmpty()) {
        if (topSeries == null || stateNodes.size() > 1) {
          throw new MappingException(
              v.path("series"),
              topSeries == null
                  ? "a wide-layout state variable needs a series {column: time}"
                  : "with several state variables each needs its own series");
        }
        parsed = new VariableMapping(parsed.declared(), null, parsed.sourceUnit(), topSeries);
      }
      state.add(parsed);
    }

    List<ActionMapping> actions = new ArrayList<>();
    if (r.has("action")) {
      JsonNode a = r.node.get("action");
      if (a.isArray()) {
        List<Obj> list = r.array("action", true);
        if (list.isEmpty()) {
          throw new MappingException(r.path("action"), "an action list needs at least one entry");
        }
        for (Obj o : list) {
          actions.add(parseAction(o));
        }
      } else {
        actions.add(parseAction(r.object("action")));
      }
    }

    List<String> targets = new ArrayList<>();
    if (r.has("targets")) {
      List<JsonNode> list = r.rawArray("targets");
      for (int i = 0; i < list.size(); i++) {
        String p = r.path("targets") + "[" + i + "]";
        JsonNode t = list.get(i);
        if (!t.isTextual()) {
          throw new MappingException(p, "a target is a state variable's name");
        }
        VariableMapping target =
            state.stream()
                .filter(s -> s.name().equals(t.asText()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new MappingException(
                            p, "'" + t.asText() + "' is not a declared state variable"));
        if (target.declared().type() != VariableType.NUMERIC) {
          throw new MappingException(p, "target '" + t.asText() + "' must be numeric");
        }
        if (targets.contains(t.asText())) {
          throw new MappingException(p, "target '" + t.asText() + "' is listed twice");
        }
        targets.add(t.asText());
      }
    } else {
      state.stream()
          .filter(s -> s.declared().type() == VariableType.NUMERIC)
          .forEach(s -> targets.add(s.name()));
    }

    Map<String, Double> tolerance = new LinkedHashMap<>();
    targets.forEach(t -> tolerance.put(t, Mapping.DEFAULT_DIRECTION_TOLERANCE));
    if (r.has("direction_tolerance")) {
      Obj tol = r.object("direction_tolerance");
      for (String key : tol.keys()) {
        if (!targets.contains(key)) {
          throw new MappingException(tol.path(key), "'" + key + "' is not a target");
        }
        double value = tol.requiredNumber(key);
        if (!(value >= 0)) {
          throw new MappingException(tol.path(key), "must not be negative, was " + value);
        }
        tolerance.put(key, value);
      }
    }

    List<String> missingValues = new ArrayList<>(List.of(""));
    if (r.has("missing_values")) {
      for (JsonNode m : r.rawArray("missing_values")) {
        if (!m.isTextual()) {
          throw new MappingException(r.path("missing_values"), "entries must be strings");
        }
        if (!missingValues.contains(m.asText().strip())) {
          missingValues.add(m.asText().strip());
        }
      }
    }

    return new Mapping(
        dataset,
        layout,
        subject,
        time,
        site,
        pairing,
        maxInterval,
        context,
        state,
        actions,
        targets,
        tolerance,
        missingValues,
        version);
  }

  private static TimeAxis parseTime(Obj r, Layout layout) throws MappingException {
    if (!r.has("time")) {
      if (layout == Layout.LONG) {
        throw new MappingException(r.path("time"), "the long layout needs a time column");
      }
      return new TimeAxis(null, "d", 1);
    }
    Obj t = r.object("time");
    t.allowOnly(TIME_KEYS);
    String column;
    if (layout == Layout.LONG) {
      column = t.requiredString("column");
    } else {
      column = t.string("column").orElse(null);
      if (column != null) {
        throw new MappingException(
            t.path("column"), "the wide layout takes times from series, not from a column");
      }
    }
    String unit = t.string("unit").orElse("d");
    if (!Units.isValid(unit)) {
      throw new MappingException(
          t.path("unit"), "'" + unit + "' is not a UCUM unit: " + Units.problem(unit).orElse(""));
    }
    if (!Units.isConvertible(unit, "d")) {
      throw new MappingException(
          t.path("unit"), "'" + unit + "' is not a unit of time (h, d, wk, mo, a)");
    }
    double scale = t.number("scale").orElse(1.0);
    if (!(scale > 0)) {
      throw new MappingException(t.path("scale"), "must be positive, was " + scale);
    }
    return new TimeAxis(column, unit, scale);
  }

  private static VariableMapping parseVariable(
      Obj v, VariableRole role, Layout layout, Set<String> names) throws MappingException {
    v.allowOnly(VARIABLE_KEYS);
    boolean wideState = layout == Layout.WIDE && role == VariableRole.STATE;
    String column;
    Map<String, Double> series = Map.of();
    if (wideState) {
      if (v.has("column")) {
        throw new MappingException(
            v.path("column"), "a wide-layout state variable takes its columns from series");
      }
      column = null;
      if (v.has("series")) {
        series = parseSeries(v.object("series"));
      }
    } else {
      if (v.has("series")) {
        throw new MappingException(
            v.path("series"), "series belongs to state variables of the wide layout");
      }
      column = v.requiredString("column");
    }
    String name =
        v.string("name")
            .or(() -> Optional.ofNullable(column))
            .orElseThrow(() -> new MappingException(v.path("name"), "the variable needs a name"));
    if (name.isBlank()) {
      throw new MappingException(v.path("name"), "the name must not be blank");
    }
    if (!names.add(name)) {
      throw new MappingException(v.path("name"), "variable '" + name + "' is declared twice");
    }
    String typeKey = v.string("type").orElse("numeric");
    VariableType type =
        VariableType.fromKey(typeKey)
            .orElseThrow(
                () ->
                    new MappingException(
                        v.path("type"),
                        "type must be numeric, binary or categorical, was '" + typeKey + "'"));
    String unit = v.string("unit").orElse("");
    String sourceUnit = v.string("source_unit").orElse(null);
    Transform transform = null;
    Range range = null;
    List<String> levels = new ArrayList<>();
    if (type == VariableType.NUMERIC) {
      unitCheck(v, "unit", unit);
      if (sourceUnit != null) {
        unitCheck(v, "source_unit", sourceUnit);
        if (!Units.isConvertible(sourceUnit, unit)) {
          throw new MappingException(
              v.path("source_unit"),
              "'" + sourceUnit + "' cannot be converted to the declared unit '" + unit + "'");
        }
      }
      if (v.has("transform")) {
        String key = v.requiredString("transform");
        transform =
            Transform.fromKey(key)
                .orElseThrow(
                    () ->
                        new MappingException(
                            v.path("transform"),
                            "transform must be log, log1p or sqrt, was '" + key + "'"));
      }
      if (v.has("range")) {
        Obj rg = v.object("range");
        rg.allowOnly(RANGE_KEYS);
        Double min = rg.number("min").orElse(null);
        Double max = rg.number("max").orElse(null);
        if (min != null && max != null && min > max) {
          throw new MappingException(rg.path("min"), "min " + min + " is above max " + max);
        }
        range = new Range(min, max);
      }
      if (v.has("levels")) {
        throw new MappingException(v.path("levels"), "levels belong to categorical variables");
      }
    } else {
      for (String key : List.of("unit", "source_unit", "transform", "range")) {
        if (v.has(key)) {
          throw new MappingException(v.path(key), key + " belongs to numeric variables");
        }
      }
      if (type == VariableType.CATEGORICAL) {
        List<JsonNode> raw = v.rawArray("levels");
        for (int i = 0; i < raw.size(); i++) {
          JsonNode l = raw.get(i);
          String p = v.path("levels") + "[" + i + "]";
          if (!l.isTextual() && !l.isNumber()) {
            throw new MappingException(p, "a level is a string (or a number)");
          }
          String text = l.asText();
          if (levels.contains(text)) {
            throw new MappingException(p, "level '" + text + "' is listed twice");
          }
          levels.add(text);
        }
        if (levels.isEmpty()) {
          throw new MappingException(v.path("levels"), "a categorical variable needs levels");
        }
      } else if (v.has("levels")) {
        throw new MappingException(v.path("levels"), "levels belong to categorical variables");
      }
    }
    String code = v.string("code").orElse("");
    DeclaredVariable declared =
        new DeclaredVariable(name, role, type, unit, code, levels, range, transform);
    return new VariableMapping(declared, column, sourceUnit, series);
  }

  private static void unitCheck(Obj v, String key, String unit) throws MappingException {
    Optional<String> problem = Units.problem(unit);
    if (problem.isPresent()) {
      throw new MappingException(
          v.path(key), "'" + unit + "' is not a UCUM unit: " + problem.get());
    }
  }

  private static Map<String, Double> parseSeries(Obj s) throws MappingException {
    Map<Double, String> byTime = new TreeMap<>();
    for (String column : s.keys()) {
      double t = s.requiredNumber(column);
      String other = byTime.putIfAbsent(t, column);
      if (other != null) {
        throw new MappingException(
            s.path(column), "time " + t + " is already given to column '" + other + "'");
      }
    }
    if (byTime.size() < 2) {
      throw new MappingException(s.path, "a series needs at least two time points");
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    byTime.forEach((t, column) -> ordered.put(column, t));
    return ordered;
  }

  private static ActionMapping parseAction(Obj a) throws MappingException {
    a.allowOnly(ACTION_KEYS);
    String column = a.requiredString("column");
    Obj levels = a.object("levels");
    Map<String, Action> byValue = new LinkedHashMap<>();
    for (String value : levels.keys()) {
      Obj l = levels.object(value);
      l.allowOnly(LEVEL_KEYS);
      String type = l.requiredString("type");
      if (type.isBlank()) {
        throw new MappingException(l.path("type"), "an action needs a type");
      }
      Double dose = l.number("dose").orElse(null);
      String doseUnit = l.string("dose_unit").orElse("");
      unitCheck(l, "dose_unit", doseUnit);
      if (!doseUnit.isEmpty() && dose == null) {
        throw new MappingException(l.path("dose_unit"), "a dose unit needs a dose");
      }
      byValue.put(
          value.strip(),
          new Action(
              type,
              l.string("name").orElse(""),
              l.string("code").orElse(""),
              dose,
              doseUnit,
              l.string("frequency").orElse(""),
              l.string("route").orElse(""),
              l.number("duration_days").orElse(null),
              null));
    }
    if (byValue.isEmpty()) {
      throw new MappingException(a.path("levels"), "an action needs at least one level");
    }
    boolean randomized = false;
    if (a.has("randomized")) {
      JsonNode node = a.node.get("randomized");
      if (!node.isBoolean()) {
        throw new MappingException(a.path("randomized"), "must be true or false");
      }
      randomized = node.booleanValue();
    }
    return new ActionMapping(column, byValue, randomized);
  }

  /** A JSON object and its path, with typed accessors that name the path on error. */
  private static final class Obj {
    final JsonNode node;
    final String path;

    private Obj(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    static Obj of(JsonNode node, String path) throws MappingException {
      if (node == null || !node.isObject()) {
        throw new MappingException(path, "must be a JSON object");
      }
      return new Obj(node, path);
    }

    String path(String key) {
      return key.matches("[A-Za-z_][A-Za-z0-9_]*")
          ? path + "." + key
          : path + "['" + key.replace("'", "\\'") + "']";
    }

    boolean has(String key) {
      return node.has(key) && !node.get(key).isNull();
    }

    List<String> keys() {
      List<String> keys = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(keys::add);
      return keys;
    }

    void allowOnly(Set<String> allowed) throws MappingException {
      for (String key : keys()) {
        if (!allowed.contains(key)) {
          throw new MappingException(
              path(key),
              "unknown key '" + key + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
        }
      }
    }

    Optional<String> string(String key) throws MappingException {
      if (!has(key)) {
        return Optional.empty();
      }
      JsonNode v = node.get(key);
      if (!v.isTextual()) {
        throw new MappingException(path(key), "must be a string");
      }
      return Optional.of(v.asText());
    }

    String requiredString(String key) throws MappingException {
      String s = string(key).orElseThrow(() -> new MappingException(path(key), "is required"));
      if (s.isBlank()) {
        throw new MappingException(path(key), "must not be empty");
      }
      return s;
    }

    /**
     * A number that must be there: also for a key present with {@code null}, which {@link #number}
     * reads as absent (a crash before MappingFuzzTest found it).
     */
    double requiredNumber(String key) throws MappingException {
      return number(key).orElseThrow(() -> new MappingException(path(key), "must be a number"));
    }

    Optional<Double> number(String key) throws MappingException {
      if (!has(key)) {
        return Optional.empty();
      }
      JsonNode v = node.get(key);
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw new MappingException(path(key), "must be a number");
      }
      return Optional.of(v.asDouble());
    }

    Obj object(String key) throws MappingException {
      if (!has(key)) {
        throw new MappingException(path(key), "is required");
      }
      return Obj.of(node.get(key), path(key));
    }

    List<JsonNode> rawArray(String key) throws MappingException {
      if (!has(key)) {
        throw new MappingException(path(key), "is required");
      }
      JsonNode v = node.get(key);
      if (!v.isArray()) {
        throw new MappingException(path(key), "must be a JSON array");
      }
      List<JsonNode> list = new ArrayList<>();
      v.forEach(list::add);
      return list;
    }

    List<Obj> array(String key, boolean required) throws MappingException {
      if (!has(key)) {
        if (required) {
          throw new MappingException(path(key), "is required");
        }
        return List.of();
      }
      List<JsonNode> raw = rawArray(key);
      List<Obj> list = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        list.add(Obj.of(raw.get(i), path(key) + "[" + i + "]"));
      }
      return list;
    }
  }
}
