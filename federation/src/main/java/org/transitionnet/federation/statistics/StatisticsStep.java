package org.transitionnet.federation.statistics;

import java.time.Duration;
import java.util.Collection;
import java.util.logging.Logger;
import org.transitionnet.federation.coordinator.ConnectedSites;
import org.transitionnet.federation.coordinator.SiteRequests;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.StatisticsResult;
import org.transitionnet.proto.v1.StatisticsTask;

/**
 * The coordinator's side of the statistics step: sends a {@link StatisticsTask} to each named site
 * and collects the {@link StatisticsResult}s (aggregates of the site's training split, slots below
 * the minimum count already zeroed by the site).
 */
public final class StatisticsStep {

  private static final Logger LOG = Logger.getLogger(StatisticsStep.class.getName());

  private final SiteRequests<SlotStatistics> requests;

  public StatisticsStep(ConnectedSites sites) {
    this.requests = new SiteRequests<>(sites, "statistics");
  }

  /**
   * Runs the step of one job at the named sites and waits for their answers; sites that are not
   * connected, fail, answer malformed statistics or do not answer within {@code timeout} are listed
   * in the outcome's failures.
   */
  public StatisticsOutcome run(
      String jobId,
      String task,
      long splitSeed,
      int minCount,
      Collection<String> siteIds,
      Duration timeout)
      throws InterruptedException {
    CoordinatorMessage message =
        CoordinatorMessage.newBuilder()
            .setStatisticsTask(
                StatisticsTask.newBuilder()
                    .setJobId(jobId)
                    .setTask(task)
                    .setSplitSeed(splitSeed)
                    .setMinCount(minCount))
            .build();
    SiteRequests.Answered<SlotStatistics> answered =
        requests.ask(
            jobId,
            siteIds,
            link -> link.send(message),
            timeout,
            () -> "the statistics step of job " + jobId + " is running");
    return new StatisticsOutcome(answered.answers(), answered.failures());
  }

  /**
   * A site's answer arrived on its authenticated stream; answers for no running step are dropped.
   */
  public void onResult(String siteId, StatisticsResult result) {
    boolean collecting =
        requests.answer(
            result.getJobId(),
            siteId,
            result.getFailure(),
            () -> SlotStatistics.fromProto(result.getStatistics()));
    if (!collecting) {
      LOG.fine(() -> "statistics for no running step, job " + result.getJobId());
    }
  }
}
