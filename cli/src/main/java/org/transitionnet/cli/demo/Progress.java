package org.transitionnet.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Prints the demo's progress: numbered steps with their duration, and details under them. */
public final class Progress {
  private final PrintWriter out;
  private final int totalSteps;
  private final Instant started = Instant.now();
  private int step;
  private Instant stepStarted = Instant.now();

  public Progress(PrintWriter out, int totalSteps) {
    this.out = out;
    this.totalSteps = totalSteps;
  }

  /** Announces the next step. */
  public synchronized void begin(String title) {
    step++;
    stepStarted = Instant.now();
    out.printf(Locale.ROOT, "[%d/%d] %s ...%n", step, totalSteps, title);
    out.flush();
  }

  /** A line under the current step. */
  public synchronized void detail(String text) {
    out.println("      " + text);
    out.flush();
  }

  /** Ends the current step with how long it took. */
  public synchronized void done(String outcome) {
    out.printf(
        Locale.ROOT, "      %s (%.1f s)%n", outcome, seconds(Duration.between(stepStarted, now())));
    out.flush();
  }

  /** Ends the current step as not yet available, saying why. */
  public synchronized void notAvailable(String why) {
    out.println("      NOT YET AVAILABLE: " + why);
    out.flush();
  }

  /** Seconds since the demo started. */
  public double elapsedSeconds() {
    return seconds(Duration.between(started, now()));
  }

  private static Instant now() {
    return Instant.now();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
