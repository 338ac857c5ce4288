package org.transitionnet.federation.coordinator;

import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.transitionnet.federation.aggregation.AggregationProtocol;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.evaluation.Evaluations;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.SiteRecord;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.RoundRefusal;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.Welcome;

/**
 * The coordinator's protocol logic behind one facade: the transport reports connections and hands
 * over each site message with the site's authenticated id; researchers' adapters submit and run
 * jobs. Container-free, so the WAR, the simulator and the tests share it.
 */
public final class Coordinator {

  private static final Logger LOG = Logger.getLogger(Coordinator.class.getName());

  private final String coordinatorId;
  private final FederationStore store;
  private final ConnectedSites sites = new ConnectedSites();
  private final RoundEngine engine;
  private final JobRunner runner;
  private final Evaluations evaluations;
  private final Clock clock;
  private final int heartbeatSeconds;

  public Coordinator(
      String coordinatorId, FederationStore store, AggregationProtocol aggregation, Clock clock) {
    this(coordinatorId, store, aggregation, clock, 30);
  }

  public Coordinator(
      String coordinatorId,
      FederationStore store,
      AggregationProtocol aggregation,
      Clock clock,
      int heartbeatSeconds) {
    this(coordinatorId, store, aggregation, null, clock, heartbeatSeconds);
  }

  /**
   * A coordinator that can also run rounds with secure aggregation.
   *
   * @param secureAggregation used for jobs that ask for secure aggregation; null = such rounds fail
   */
  public Coordinator(
      String coordinatorId,
      FederationStore store,
      AggregationProtocol aggregation,
      SecureAggregation secureAggregation,
      Clock clock,
      int heartbeatSeconds) {
    this.coordinatorId = coordinatorId;
    this.store = store;
    this.clock = clock;
    this.heartbeatSeconds = heartbeatSeconds;
    this.engine = new RoundEngine(sites, store.rounds(), aggregation, secureAggregation, clock);
    this.runner = new JobRunner(store, engine, sites, clock);
    this.evaluations = new Evaluations(sites);
  }

  public FederationStore store() {
    return store;
  }

  public ConnectedSites sites() {
    return sites;
  }

  public RoundEngine engine() {
    return engine;
  }

  public JobRunner jobs() {
    return runner;
  }

  /** Distributed evaluation: evaluate tasks out, sufficient statistics back. */
  public Evaluations evaluations() {
    return evaluations;
  }

  /**
   * Runs the statistics step before round 1 of every job (see {@link JobRunner#runStatisticsStep}):
   * sites then encode with the pooled statistics of all participants' training splits.
   */
  public Coordinator withStatisticsStep(int minCount) {
    runner.runStatisticsStep(minCount);
    return this;
  }

  /** Stores a job with its initial model. */
  public JobRecord submit(JobSpec spec, double[] initialParameters) {
    return runner.submit(spec, initialParameters);
  }

  /** Runs or resumes a job to its end; blocks. */
  public JobRecord run(String jobId) throws InterruptedException {
    return runner.run(jobId);
  }

  /** A site (already authenticated by the transport) opened its stream. */
  public void siteConnected(String siteId, SiteLink link) {
    Instant now = clock.instant();
    SiteRecord site =
        store.sites().find(siteId).orElse(new SiteRecord(siteId, "", false, now)).seenAt(now);
    store.sites().save(site);
    sites.connect(siteId, link);
    try {
      link.send(
          CoordinatorMessage.newBuilder()
              .setWelcome(
                  Welcome.newBuilder()
                      .setCoordinatorId(coordinatorId)
                      .setHeartbeatSeconds(heartbeatSeconds))
              .build());
    } catch (SiteUnreachableException e) {
      siteDisconnected(siteId, link);
    }
  }

  /** A site's stream ended. */
  public void siteDisconnected(String siteId, SiteLink link) {
    if (sites.disconnect(siteId, link)) {
      engine.onSiteGone(siteId);
    }
  }

  /** A message from an authenticated site; refusals go back on {@code link}. */
  public void onMessage(String siteId, SiteMessage message, SiteLink link) {
    try {
      switch (message.getBodyCase()) {
        case HEARTBEAT -> store.sites().find(siteId).ifPresent(s -> seen(s));
        case JOB_DECISION -> runner.onDecision(siteId, message.getJobDecision());
        case UPDATE_HEADER -> engine.onUpdateHeader(siteId, message.getUpdateHeader());
        case UPDATE_CHUNK -> engine.onUpdateChunk(siteId, message.getUpdateChunk(), link);
        case SECAGG -> engine.onSecAgg(siteId, message.getSecagg());
        case TASK_FAILURE ->
            engine.onTaskFailure(
                siteId,
                ProtoMessages.roundId(message.getTaskFailure().getRef()),
                message.getTaskFailure().getReason());
        case EVALUATION_RESULT -> evaluations.onResult(siteId, message.getEvaluationResult());
        case STATISTICS_RESULT ->
            runner.statistics().onResult(siteId, message.getStatisticsResult());
        case HELLO -> LOG.fine(() -> "repeated hello from " + siteId);
        default -> LOG.fine(() -> "ignored " + message.getBodyCase() + " from " + siteId);
      }
    } catch (RoundRefusedException e) {
      LOG.log(Level.INFO, "refused message from " + siteId + ": " + e.getMessage());
      try {
        link.send(
            CoordinatorMessage.newBuilder()
                .setRoundRefusal(
                    RoundRefusal.newBuilder()
                        .setRef(ProtoMessages.ref(e.round()))
                        .setReason(e.reason())
                        .setDetail(e.getMessage()))
                .build());
      } catch (SiteUnreachableException gone) {
        LOG.log(Level.FINE, "refusal not delivered", gone);
      }
    }
  }

  private void seen(SiteRecord site) {
    store.sites().save(site.seenAt(clock.instant()));
  }
}
