package org.transitionnet.federation.statistics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.transitionnet.federation.coordinator.ConnectedSites;
import org.transitionnet.federation.coordinator.SiteLink;
import org.transitionnet.federation.coordinator.SiteUnreachableException;
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

  private final ConnectedSites sites;
  private final Map<String, Pending> pending = new HashMap<>();

  public StatisticsStep(ConnectedSites sites) {
    this.sites = sites;
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
    Pending p = new Pending(new LinkedHashSet<>(siteIds));
    synchronized (pending) {
      if (pending.containsKey(jobId)) {
        throw new IllegalStateException("the statistics step of job " + jobId + " is running");
      }
      pending.put(jobId, p);
    }
    try {
      CoordinatorMessage message =
          CoordinatorMessage.newBuilder()
              .setStatisticsTask(
                  StatisticsTask.newBuilder()
                      .setJobId(jobId)
                      .setTask(task)
                      .setSplitSeed(splitSeed)
                      .setMinCount(minCount))
              .build();
      for (String site : siteIds) {
        Optional<SiteLink> link = sites.link(site);
        if (link.isEmpty()) {
          p.fail(site, "site is not connected");
          continue;
        }
        try {
          link.get().send(message);
        } catch (SiteUnreachableException e) {
          p.fail(site, "site unreachable: " + e.getMessage());
        }
      }
      return p.await(timeout);
    } finally {
      synchronized (pending) {
        pending.remove(jobId);
      }
    }
  }

  /**
   * A site's answer arrived on its authenticated stream; answers for no running step are dropped.
   */
  public void onResult(String siteId, StatisticsResult result) {
    Pending p;
    synchronized (pending) {
      p = pending.get(result.getJobId());
    }
    if (p == null) {
      LOG.fine(() -> "statistics for no running step, job " + result.getJobId());
      return;
    }
    p.answer(siteId, result);
  }

  private static final class Pending {
    private final Set<String> expected;
    private final Map<String, SlotStatistics> results = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    Pending(Set<String> expected) {
      this.expected = expected;
    }

    synchronized void fail(String site, String reason) {
      if (!results.containsKey(site) && !failures.containsKey(site)) {
        failures.put(site, reason);
      }
      notifyAll();
    }

    synchronized void answer(String site, StatisticsResult result) {
      if (!expected.contains(site) || results.containsKey(site) || failures.containsKey(site)) {
        LOG.info(() -> "ignored unexpected or repeated statistics from " + site);
        return;
      }
      if (!result.getFailure().isEmpty()) {
        failures.put(site, result.getFailure());
      } else {
        try {
          results.put(site, SlotStatistics.fromProto(result.getStatistics()));
        } catch (IllegalArgumentException e) {
          failures.put(site, "malformed statistics: " + e.getMessage());
        }
      }
      notifyAll();
    }

    synchronized StatisticsOutcome await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (results.size() + failures.size() < expected.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      Map<String, SlotStatistics> ordered = new LinkedHashMap<>();
      Map<String, String> failed = new LinkedHashMap<>();
      for (String site : expected) {
        if (results.containsKey(site)) {
          ordered.put(site, results.get(site));
        } else {
          failed.put(site, failures.getOrDefault(site, "no answer within " + timeout));
        }
      }
      return new StatisticsOutcome(ordered, failed);
    }
  }
}
