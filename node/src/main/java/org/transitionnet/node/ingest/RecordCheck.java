package org.transitionnet.node.ingest;

import java.util.List;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.validation.RecordValidator;
import org.transitionnet.validation.ValidatedRecord;

/**
 * A validation applied to every record an import made: gives the record as it may be stored, or the
 * reasons it is refused.
 */
@FunctionalInterface
public interface RecordCheck {

  /** Accepts every record as it is. */
  RecordCheck NONE = (record, source, location) -> new ValidatedRecord(record, List.of());

  /**
   * @param source the file or request, for the rejection
   * @param location where the record came from, e.g. {@code row:12, row:13} or {@code record 3}
   */
  ValidatedRecord check(TransitionRecord record, String source, String location);

  /** The dataset's declared variables, units, levels and ranges. */
  static RecordCheck of(RecordValidator validator) {
    return validator::check;
  }
}
