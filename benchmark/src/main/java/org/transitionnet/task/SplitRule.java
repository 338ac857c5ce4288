package org.transitionnet.task;

/** How a site's records are split into train and test. */
public enum SplitRule {
  /** By subject: a seeded 20% of each site's subjects (at least two) go to test. */
  SUBJECT,
  /**
   * Temporal: each subject's last transition goes to test, the earlier ones to train. Subjects are
   * in both sets by design; what is checked instead is that no test transition starts before one of
   * the same subject's train transitions ends.
   */
  TEMPORAL;

  public static SplitRule parse(String s) {
    return switch (s) {
      case "subject" -> SUBJECT;
      case "temporal" -> TEMPORAL;
      default ->
          throw new TaskRefusedException(
              "unknown test split '" + s + "' (use subject or temporal)");
    };
  }
}
