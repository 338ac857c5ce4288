package org.transitionnet.validation;

import java.util.List;
import java.util.Optional;
import org.transitionnet.importing.Rejection;
import org.transitionnet.record.TransitionRecord;

/**
 * The outcome of validating one record: either the normalized record (values converted to the
 * declared units, variables in declared order, undeclared-but-absent variables marked missing) or
 * the reasons it was refused.
 *
 * @param normalized the record as it may be stored, or {@code null} when rejected
 * @param rejections every problem found; empty exactly when the record is valid
 */
public record ValidatedRecord(TransitionRecord normalized, List<Rejection> rejections) {

  public ValidatedRecord {
    rejections = List.copyOf(rejections);
    if ((normalized == null) == rejections.isEmpty()) {
      throw new IllegalArgumentException("a record is either normalized or rejected");
    }
  }

  public boolean isValid() {
    return rejections.isEmpty();
  }

  public Optional<TransitionRecord> record() {
    return Optional.ofNullable(normalized);
  }
}
