package org.transitionnet.whatif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state a what-if question starts from, as the researcher wrote it: a value per variable name
 * (text; {@code null} for missing) and optionally Δt. The model's task decides how each value is
 * read (number, flag or category) when the question is asked.
 *
 * @param values value text per variable name, in the order given; {@code null} means missing
 * @param intervalDays Δt in days, or {@code null} for the training mean
 */
public record BaselineState(Map<String, String> values, Double intervalDays) {

  /** The key of Δt in a state file. */
  public static final String INTERVAL_KEY = "interval_days";

  private static final ObjectMapper JSON = new ObjectMapper();

  public BaselineState {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Parses a state file: one JSON object of variable name to value (number, boolean, text or null),
   * with Δt under {@value #INTERVAL_KEY}. An object under {@code "variables"} is read the same way
   * (so a state may carry other keys beside it).
   *
   * @throws WhatIfRefusedException naming the key when a value is not a scalar
   */
  public static BaselineState fromJson(String json) throws WhatIfRefusedException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new WhatIfRefusedException("state", "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new WhatIfRefusedException("state", "a JSON object of variable name to value needed");
    }
    Double interval = null;
    JsonNode vars =
        root.has("variables") && root.get("variables").isObject() ? root.get("variables") : root;
    if (root.has(INTERVAL_KEY) && !root.get(INTERVAL_KEY).isNull()) {
      interval = number(root.get(INTERVAL_KEY), INTERVAL_KEY);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : vars.properties()) {
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (name.equals(INTERVAL_KEY) || (vars == root && name.equals("variables"))) {
        if (vars != root && name.equals(INTERVAL_KEY)) {
          interval = number(v, INTERVAL_KEY);
        }
        continue;
      }
      if (v.isNull()) {
        values.put(name, null);
      } else if (v.isValueNode()) {
        values.put(name, v.asText());
      } else {
        throw new WhatIfRefusedException(
            name, "a value must be a number, true/false, text or null");
      }
    }
    return new BaselineState(values, interval);
  }

  private static double number(JsonNode n, String field) throws WhatIfRefusedException {
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      throw new WhatIfRefusedException(field, "'" + n.asText() + "' is not a number of days");
    }
  }

  /**
   * A copy with {@code name=value} options applied over this state ({@code value} empty or {@code
   * null}/{@code NA} for missing; {@code interval_days=N} sets Δt).
   */
  public BaselineState with(Map<String, String> options) throws WhatIfRefusedException {
    Map<String, String> v = new LinkedHashMap<>(values);
    Double interval = intervalDays;
    for (Map.Entry<String, String> e : options.entrySet()) {
      String text = e.getValue() == null ? "" : e.getValue().trim();
      boolean missing = text.isEmpty() || text.equals("null") || text.equals("NA");
      if (e.getKey().equals(INTERVAL_KEY)) {
        try {
          interval = missing ? null : Double.parseDouble(text);
        } catch (NumberFormatException ex) {
          throw new WhatIfRefusedException(INTERVAL_KEY, "'" + text + "' is not a number of days");
        }
      } else {
        v.put(e.getKey(), missing ? null : text);
      }
    }
    return new BaselineState(v, interval);
  }

  /** The text of a variable, empty when absent or missing. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** An empty state (every input missing, Δt the training mean). */
  public static BaselineState empty() {
    return new BaselineState(Map.of(), null);
  }
}
