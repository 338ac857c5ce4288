package org.transitionnet.mapping;

import java.util.Objects;

/**
 * A mapping file that cannot be used: malformed JSON, an unknown or missing key, a value outside
 * the allowed ones, a unit that is not UCUM; or a CSV file the mapping does not fit as a whole (a
 * column the mapping names is absent, no header row). The message names the JSON path at fault and,
 * where it applies, the CSV column.
 */
public final class MappingException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String column;

  /**
   * @param path the JSON path in the mapping file, e.g. {@code $.state[2].transform}
   * @param message what is wrong, for a person
   */
  public MappingException(String path, String message) {
    this(path, null, message, null);
  }

  MappingException(String path, String column, String message, Throwable cause) {
    super(path + ": " + message, cause);
    this.path = Objects.requireNonNull(path, "path");
    this.column = column;
  }

  /** The JSON path in the mapping file at fault, e.g. {@code $.state[2].transform}. */
  public String path() {
    return path;
  }

  /** The CSV column at fault, or {@code null} when the problem is not about a column. */
  public String column() {
    return column;
  }
}
