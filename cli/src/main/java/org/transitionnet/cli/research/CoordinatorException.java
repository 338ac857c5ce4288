package org.transitionnet.cli.research;

/**
 * The coordinator refused a request or could not be reached: the HTTP status (0 when there was no
 * answer), the request field at fault (may be empty) and the reason.
 */
public final class CoordinatorException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  public CoordinatorException(int status, String field, String reason) {
    super(
        (status == 0 ? "coordinator unreachable" : "coordinator answered " + status)
            + (field == null || field.isEmpty() ? "" : " (" + field + ")")
            + ": "
            + reason);
    this.status = status;
    this.field = field == null ? "" : field;
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
