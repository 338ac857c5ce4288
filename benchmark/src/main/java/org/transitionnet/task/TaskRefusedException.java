package org.transitionnet.task;

/**
 * A task that cannot be run as asked: a split that would put a subject in both train and test, a
 * site with too few subjects, an unknown split rule. The message says which site or subject and
 * what to change.
 */
public class TaskRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TaskRefusedException(String message) {
    super(message);
  }
}
