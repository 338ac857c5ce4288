package org.transitionnet.record;

import java.util.Objects;

/**
 * One component of an intervention; a record's action is the combination of its components.
 *
 * @param type open vocabulary: {@code drug}, {@code procedure}, {@code behavioral}, {@code diet},
 *     {@code exercise}, {@code supplement}, {@code usual-care}, {@code placebo}, {@code none}, ...
 * @param name human-readable name (e.g. {@code D-penicillamine})
 * @param code coding as {@code system|code} (RxNorm, ATC, SNOMED CT); may be empty
 * @param dose dose amount, or {@code null} when not known
 * @param doseUnit UCUM unit of the dose; empty when no dose
 * @param frequency e.g. {@code 1/d}; may be empty
 * @param route e.g. {@code oral}; may be empty
 * @param durationDays planned duration, or {@code null}
 * @param adherence fraction of prescribed exposure taken (0..1), or {@code null}
 */
public record Action(
    String type,
    String name,
    String code,
    Double dose,
    String doseUnit,
    String frequency,
    String route,
    Double durationDays,
    Double adherence) {

  /** The documented action types; the vocabulary is open, these are the ones tools know. */
  public static final java.util.Set<String> DOCUMENTED_TYPES =
      java.util.Set.of(
          "drug",
          "procedure",
          "behavioral",
          "diet",
          "exercise",
          "supplement",
          "usual-care",
          "placebo",
          "none");

  public Action {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("an action needs a type");
    }
    name = name == null ? "" : name;
    code = code == null ? "" : code;
    doseUnit = doseUnit == null ? "" : doseUnit;
    frequency = frequency == null ? "" : frequency;
    route = route == null ? "" : route;
    if (adherence != null && (adherence < 0 || adherence > 1)) {
      throw new IllegalArgumentException("adherence must be within 0..1, was " + adherence);
    }
  }

  public static Action of(String type, String name, String code) {
    return new Action(type, name, code, null, "", "", "", null, null);
  }

  /** A stable label for grouping records by action, e.g. {@code drug:D-penicillamine}. */
  public String label() {
    return type + ":" + (name.isEmpty() ? code : name);
  }
}
