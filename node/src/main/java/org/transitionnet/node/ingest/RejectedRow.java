package org.transitionnet.node.ingest;

import org.transitionnet.importing.Rejection;

/**
 * One rejection as a report shows it.
 *
 * @param source the file or request part
 * @param location {@code row 12}, {@code record 3}, ...
 * @param field the column or JSON field at fault; empty when the whole row is bad
 * @param reason the {@link org.transitionnet.importing.RejectionReason} name
 * @param message a sentence a person can act on
 */
public record RejectedRow(
    String source, String location, String field, String reason, String message) {

  public static RejectedRow of(Rejection r) {
    return new RejectedRow(r.source(), r.location(), r.field(), r.reason().name(), r.message());
  }
}
