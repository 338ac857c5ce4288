package org.transitionnet.importing;

import java.util.Objects;

/**
 * One row, resource or record that an import refused, and why.
 *
 * @param source the file or request part (e.g. {@code pbcseq.csv}, {@code Observation.ndjson})
 * @param location where in the source: {@code row 12}, {@code line 40}, {@code record 3}
 * @param field the column, JSON path or FHIR element at fault; empty when the whole row is bad
 * @param reason the class of the rejection, for counting
 * @param message a sentence a person can act on
 */
public record Rejection(
    String source, String location, String field, RejectionReason reason, String message) {

  public Rejection {
    source = source == null ? "" : source;
    Objects.requireNonNull(location, "location");
    field = field == null ? "" : field;
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return source
        + (source.isEmpty() ? "" : " ")
        + location
        + (field.isEmpty() ? "" : ", field '" + field + "'")
        + ": "
        + message;
  }
}
