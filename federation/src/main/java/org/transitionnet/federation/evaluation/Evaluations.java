package org.transitionnet.federation.evaluation;

import java.time.Duration;
import java.util.Collection;
import java.util.logging.Logger;
import org.transitionnet.federation.coordinator.ConnectedSites;
import org.transitionnet.federation.coordinator.SiteLink;
import org.transitionnet.federation.coordinator.SiteRequests;
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

  private final Object runLock = new Object();
  private final SiteRequests<EvaluationResult> requests;

  public Evaluations(ConnectedSites sites) {
    this.requests = new SiteRequests<>(sites, "evaluation result");
  }

  /**
   * Runs one evaluation at the named sites and waits for their answers; sites that are not
   * connected, fail or do not answer within {@code timeout} are listed in the outcome's failures.
   */
  public EvaluationOutcome run(
      EvaluationRequest request, Collection<String> siteIds, Duration timeout)
      throws InterruptedException {
    synchronized (runLock) {
      SiteRequests.Answered<EvaluationResult> answered =
          requests.ask(
              request.evaluationId(),
              siteIds,
              link -> send(link, request),
              timeout,
              () -> "evaluation " + request.evaluationId() + " is running");
      return new EvaluationOutcome(request.evaluationId(), answered.answers(), answered.failures());
    }
  }

  /** A site's result arrived on its authenticated stream; unknown evaluations are ignored. */
  public void onResult(String siteId, EvaluationResult result) {
    boolean collecting =
        requests.answer(result.getEvaluationId(), siteId, result.getFailure(), () -> result);
    if (!collecting) {
      LOG.fine(() -> "result for no running evaluation " + result.getEvaluationId());
    }
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
          .setEncodingStatistics(request.scope().statistics().toProto())
          .setModelSpec(request.scope().modelSpec());
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
}
