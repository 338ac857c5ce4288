package org.transitionnet.cli.benchmark;

import java.io.PrintStream;
import java.util.Locale;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.model.TrainingListener;

/** A text progress bar per trained method, drawn on stderr (redrawn in place with {@code \r}). */
final class ProgressBar implements BenchmarkProgress {

  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean quiet;

  ProgressBar(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  @Override
  public TrainingListener training(String method) {
    if (quiet) {
      return TrainingListener.NONE;
    }
    long start = System.nanoTime();
    return (step, total, loss) -> {
      if (step != total && step % Math.max(1, total / 100) != 0) {
        return;
      }
      int filled = (int) ((long) WIDTH * step / total);
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(
          Locale.ROOT,
          "\r%-16s [%s%s] %5d/%d steps  loss %7.3f  %5.1fs",
          method,
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          step,
          total,
          loss,
          seconds);
      if (step == total) {
        out.println();
      }
      out.flush();
    };
  }

  @Override
  public void info(String message) {
    if (!quiet) {
      out.println(message);
    }
  }
}
