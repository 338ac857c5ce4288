package org.transitionnet.federation.evaluation;

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
import org.transitionnet.federation.transport.ParameterChunks;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.EvaluateTask;
import org.transitionnet.proto.v1.EvaluationResult;
import org.transitionnet.proto.v1.ModelRef;
import org.transitionnet.proto.v1.RoundRef;

/**
 * The coordinator's side of distributed evaluation: sends an {@link EvaluateTask} (and a model's
 * weights as chunks with {@code ref = {job_id, model_version, attempt 0}}) to each named site and
 * collects their {@link EvaluationResult}s. One evaluation runs at a time, so a site never receives
 * two interleaved weight streams.
 */
public final class Evaluations {

  private static final Logger LOG = Logger.getLogger(Evaluations.class.getName());

  private final ConnectedSites sites;
  private final Object runLock = new Object();
  private final Map<String, Pending> pending = new HashMap<>();

  public Evaluations(ConnectedSites sites) {
    this.sites = sites;
  }

  /**
   * Runs one evaluation at the named sites and waits for their answers; sites that are not
   * connected, fail or do not answer within {@code timeout} are listed in the outcome's failures.
   */
  public EvaluationOutcome run(
      EvaluationRequest request, Collection<String> siteIds, Duration timeout)
      throws InterruptedException {
    synchronized (runLock) {
      Pending p = new Pending(new LinkedHashSet<>(siteIds));
      synchronized (pending) {
        if (pending.containsKey(request.evaluationId())) {
          throw new IllegalStateException("evaluation " + request.evaluationId() + " is running");
        }
        pending.put(request.evaluationId(), p);
      }
      try {
        for (String site : siteIds) {
          Optional<SiteLink> link = sites.link(site);
          if (link.isEmpty()) {
            p.fail(site, "site is not connected");
            continue;
          }
          try {
            send(link.get(), request);
          } catch (SiteUnreachableException e) {
            p.fail(site, "site unreachable: " + e.getMessage());
          }
        }
        return p.await(request.evaluationId(), timeout);
      } finally {
        synchronized (pending) {
          pending.remove(request.evaluationId());
        }
      }
    }
  }

  /** A site's result arrived on its authenticated stream; unknown evaluations are ignored. */
  public void onResult(String siteId, EvaluationResult result) {
    Pending p;
    synchronized (pending) {
      p = pending.get(result.getEvaluationId());
    }
    if (p == null) {
      LOG.fine(() -> "result for no running evaluation " + result.getEvaluationId());
      return;
    }
    p.answer(siteId, result);
  }

  private static void send(SiteLink link, EvaluationRequest request)
      throws SiteUnreachableException {
    EvaluateTask.Builder task =
        EvaluateTask.newBuilder()
            .setEvaluationId(request.evaluationId())
            .setTask(request.task())
            .setMinCount(SufficientStatistics.minCount(request.minCount()));
    if (request.scope() != null) {
      task.setJobId(request.scope().jobId())
          .setSplitSeed(request.scope().splitSeed())
          .setEncodingStatistics(request.scope().statistics().toProto());
    }
    if (request.subject() instanceof EvaluationSubject.Baseline b) {
      task.setBaseline(b.name());
      link.send(CoordinatorMessage.newBuilder().setEvaluateTask(task).build());
      return;
    }
    EvaluationSubject.Model m = (EvaluationSubject.Model) request.subject();
    int chunks = ParameterChunks.count(m.parameters().length);
    task.setModel(
        ModelRef.newBuilder()
            .setJobId(m.jobId())
            .setModelVersion(m.version())
            .setParameterCount(m.parameters().length)
            .setChunkCount(chunks));
    link.send(CoordinatorMessage.newBuilder().setEvaluateTask(task).build());
    RoundRef ref =
        RoundRef.newBuilder().setJobId(m.jobId()).setRound(m.version()).setAttempt(0).build();
    for (int i = 0; i < chunks; i++) {
      link.send(
          CoordinatorMessage.newBuilder()
              .setModelChunk(ParameterChunks.chunk(ref, m.parameters(), i))
              .build());
    }
  }

  private static final class Pending {
    private final Set<String> expected;
    private final Map<String, EvaluationResult> results = new LinkedHashMap<>();
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

    synchronized void answer(String site, EvaluationResult result) {
      if (!expected.contains(site) || results.containsKey(site) || failures.containsKey(site)) {
        LOG.info(() -> "ignored unexpected or repeated evaluation result from " + site);
        return;
      }
      if (!result.getFailure().isEmpty()) {
        failures.put(site, result.getFailure());
      } else {
        results.put(site, result);
      }
      notifyAll();
    }

    synchronized EvaluationOutcome await(String evaluationId, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (results.size() + failures.size() < expected.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      Map<String, EvaluationResult> ordered = new LinkedHashMap<>();
      Map<String, String> failed = new LinkedHashMap<>();
      for (String site : expected) {
        if (results.containsKey(site)) {
          ordered.put(site, results.get(site));
        } else {
          failed.put(site, failures.getOrDefault(site, "no answer within " + timeout));
        }
      }
      return new EvaluationOutcome(evaluationId, ordered, failed);
    }
  }
}
