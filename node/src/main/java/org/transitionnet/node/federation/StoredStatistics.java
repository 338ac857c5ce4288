package org.transitionnet.node.federation;

import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.federation.statistics.SiteStatistics;
import org.transitionnet.federation.statistics.SlotStatistics;

/**
 * The site's answer to a job's statistics step: counts, sums and sums of squares of its training
 * split (the site agent zeroes slots below the job's minimum count before they leave).
 */
final class StoredStatistics implements SiteStatistics {

  private final StoredSplits splits;

  StoredStatistics(StoredSplits splits) {
    this.splits = splits;
  }

  @Override
  public SlotStatistics trainingStatistics(String jobId, String task, long splitSeed)
      throws TrainingException {
    StoredSplits.TaskSplit split = splits.fresh(task, splitSeed);
    try {
      return SlotStatistics.of(FeatureStatistics.of(split.task(), split.split().train()));
    } catch (IllegalArgumentException e) {
      throw new TrainingException(
          "dataset " + split.dataset() + " does not fit task " + task + ": " + e.getMessage(), e);
    }
  }
}
