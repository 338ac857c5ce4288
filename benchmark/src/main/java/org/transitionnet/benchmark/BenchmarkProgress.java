package org.transitionnet.benchmark;

import org.transitionnet.model.TrainingListener;

/** Where a benchmark run reports what it is doing (the CLI draws progress bars on stderr). */
public interface BenchmarkProgress {

  /** A listener for the training of one method. */
  TrainingListener training(String method);

  /** A line of information. */
  void info(String message);

  BenchmarkProgress SILENT =
      new BenchmarkProgress() {
        @Override
        public TrainingListener training(String method) {
          return TrainingListener.NONE;
        }

        @Override
        public void info(String message) {}
      };
}
