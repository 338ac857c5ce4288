package org.transitionnet.coordinator.jobs;

/** A job named a task or model spec the coordinator cannot build a model for. */
public final class UnknownModelException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the job field at fault ({@code task} or {@code modelSpec})
   * @param reason why
   */
  public UnknownModelException(String field, String reason) {
    super(reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
