package org.transitionnet.cli.demo;

/**
 * What became of one step of the demo, for the summary and the report.
 *
 * @param title what the step does
 * @param status done, not yet available, skipped on request, or failed
 * @param detail the outcome in a sentence: counts, or why the step could not run
 */
public record DemoStep(String title, Status status, String detail) {

  /** How a step ended. */
  public enum Status {
    DONE,
    NOT_AVAILABLE,
    /** Left out because a flag asked for it (e.g. {@code --no-fhir}). */
    SKIPPED,
    FAILED
  }
}
