package org.transitionnet.fhir;

/** A task file that cannot be used: names the JSON field at fault and why. */
public final class InvalidTaskException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidTaskException(String field, String reason) {
    super(field.isEmpty() ? reason : "task field '" + field + "' " + reason);
    this.field = field;
  }

  /** The JSON path of the field at fault, e.g. {@code variables[0].unit}; empty for the file. */
  public String field() {
    return field;
  }
}
