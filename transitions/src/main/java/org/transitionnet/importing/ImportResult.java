package org.transitionnet.importing;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.record.TransitionRecord;

/**
 * What an import made of its input, before storage.
 *
 * @param unitsRead rows (CSV) or resources (FHIR) read
 * @param records the transition records that passed validation, in input order
 * @param rejections every refused row, resource or record, in input order
 * @param dropped transitions not made for a documented rule that is not an error (e.g. {@code
 *     INTERVAL_TOO_LONG} under {@code max_interval_days}), counted by reason
 */
public record ImportResult(
    long unitsRead,
    List<TransitionRecord> records,
    List<Rejection> rejections,
    Map<RejectionReason, Long> dropped) {

  public ImportResult {
    records = List.copyOf(records);
    rejections = List.copyOf(rejections);
    dropped = Map.copyOf(dropped);
  }

  /** Rejections counted by reason. */
  public Map<RejectionReason, Long> rejectedByReason() {
    Map<RejectionReason, Long> counts = new EnumMap<>(RejectionReason.class);
    rejections.forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
    return counts;
  }
}
