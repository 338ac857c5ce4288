package org.transitionnet.importing;

/** Why a row, resource or record was refused. Names are stable: reports count by them. */
public enum RejectionReason {
  /** The unit is not valid UCUM. */
  UNKNOWN_UNIT,
  /** The unit is valid UCUM but cannot be converted to the variable's declared unit. */
  INCONVERTIBLE_UNIT,
  /** {@code interval_days} is zero or negative. */
  NON_POSITIVE_INTERVAL,
  /** The follow-up state is dated before the baseline. */
  FOLLOW_UP_BEFORE_BASELINE,
  /** A variable the task or mapping does not declare. */
  UNKNOWN_VARIABLE,
  /** A value outside the variable's declared plausible range. */
  OUT_OF_RANGE,
  /** The same record is already in this import or in the store. */
  DUPLICATE,
  /** A CSV row with more or fewer fields than the header. */
  WRONG_COLUMN_COUNT,
  /** A cell that should be a number (or a known level) and is not. */
  BAD_VALUE,
  /** Bytes that are not valid in the declared encoding. */
  BAD_ENCODING,
  /** The mapping names a column the file lacks. */
  MISSING_COLUMN,
  /** A required field is absent (e.g. subject, time). */
  MISSING_FIELD,
  /** The interval exceeds the mapping's {@code max_interval_days}. */
  INTERVAL_TOO_LONG,
  /** Malformed JSON or a resource that cannot be parsed. */
  MALFORMED,
  /** A FHIR resource of a type the import does not expect where it was found. */
  WRONG_RESOURCE_TYPE,
  /** A reference to a resource (e.g. Patient) the import does not have. */
  MISSING_REFERENCE,
  /** A date after the import time. */
  FUTURE_DATE,
  /** An event-anchored transition without a measurement in the task's look-back window. */
  NO_BASELINE_IN_WINDOW,
  /** An event-anchored transition without a measurement in the task's follow-up window. */
  NO_FOLLOW_UP_IN_WINDOW,
  /** A medication event that continues or renews one already started (not a new start). */
  NOT_A_NEW_START,
  /** A state that lacks a value of a variable the task requires. */
  MISSING_REQUIRED_VARIABLE
}
