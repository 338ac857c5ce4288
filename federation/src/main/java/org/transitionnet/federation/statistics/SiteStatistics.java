package org.transitionnet.federation.statistics;

import org.transitionnet.federation.site.TrainingException;

/** The site's seam for the statistics step: the statistics of its own training split. */
public interface SiteStatistics {

  /**
   * @param jobId the job asking
   * @param task the job's task id
   * @param splitSeed the seed of the within-site train/test split
   * @throws TrainingException when the site cannot compute them (no data for the task, too few
   *     subjects to split)
   */
  SlotStatistics trainingStatistics(String jobId, String task, long splitSeed)
      throws TrainingException;
}
