package org.transitionnet.coordinator.jobs;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.coordinator.enrollment.ConsortiumRegistrar;
import org.transitionnet.coordinator.grpc.FederationEndpoints;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.job.EvaluationProtocol;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobRepository;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRepository;
import org.transitionnet.federation.store.SiteRepository;

/**
 * Starts the federation with the application: restores the consortium authority, builds the
 * library's {@link Coordinator} over the database, opens the gRPC ports, and resumes every job a
 * previous process left unfinished (the store knows the last completed round) and evaluates every
 * finished job whose leaderboard is not stored yet. Every job starts with the statistics step; once
 * its rounds are done its leaderboard is evaluated at the sites ({@link JobEvaluations}). Stops the
 * ports on shutdown. Jobs that ask for secure aggregation run the library's Bonawitz rounds; the
 * sites' key advertisements are checked against the consortium authority (revoked certificates
 * refused).
 *
 * <p>The library calls the repositories from gRPC and job threads; they are wrapped as contextual
 * proxies so JPA and JTA work there as on a request thread.
 */
@ApplicationScoped
public class FederationRuntime {

  private static final Logger LOG = Logger.getLogger(FederationRuntime.class.getName());

  @Inject ConsortiumRegistrar registrar;
  @Inject FederationEndpoints endpoints;
  @Inject SiteRepository jpaSites;
  @Inject JobRepository jpaJobs;
  @Inject RoundRepository jpaRounds;
  @Inject JobEvaluations evaluations;

  @Resource(lookup = "java:comp/DefaultContextService")
  ContextService contexts;

  @Resource(lookup = "concurrent/federation")
  ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "coordinator.id", defaultValue = "coordinator")
  String coordinatorId;

  @Inject
  @ConfigProperty(name = "coordinator.heartbeat-seconds", defaultValue = "10")
  int heartbeatSeconds;

  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
  private volatile Coordinator coordinator;
  private volatile FederationStore store;

  /**
   * Starts right after the application is up, on a managed thread: the contextual proxies cannot be
   * used while the web module is still initialising.
   */
  void onStartup(@Observes Startup startup) {
    executor.submit(
        () -> {
          try {
            start();
          } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the federation did not start", e);
          }
        });
  }

  void onShutdown(@Observes Shutdown shutdown) {
    stop();
  }

  /** Idempotent: the first call starts everything. */
  public synchronized void start() {
    if (coordinator != null) {
      return;
    }
    registrar.open();
    store =
        new FederationStore(
            contexts.createContextualProxy(jpaSites, SiteRepository.class),
            contexts.createContextualProxy(jpaJobs, JobRepository.class),
            contexts.createContextualProxy(jpaRounds, RoundRepository.class));
    coordinator =
        new Coordinator(
                coordinatorId,
                store,
                new PlainAggregation(),
                SecureAggregation.standard(registrar.trust()),
                Clock.systemUTC(),
                heartbeatSeconds)
            // sites encode with the pooled statistics of all participants' training splits
            .withStatisticsStep(evaluations.k());
    try {
      endpoints.start(coordinator, store.sites(), executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the federation gRPC ports", e);
    }
    for (JobRecord job : store.jobs().all()) {
      if (job.subJob() != null) {
        // a protocol sub-job is driven by its parent job's evaluation, resumed below
        continue;
      }
      if (job.status() == JobStatus.RUNNING || job.status() == JobStatus.SUBMITTED) {
        LOG.info(
            () ->
                "resuming job "
                    + job.spec().jobId()
                    + " after round "
                    + store.rounds().rounds(job.spec().jobId()).size());
        launch(job.spec().jobId());
      } else if (job.status() == JobStatus.COMPLETED
          && evaluations.needsEvaluation(job.spec().jobId())) {
        LOG.info(() -> "evaluating job " + job.spec().jobId() + " (not evaluated before the stop)");
        launch(job.spec().jobId());
      }
    }
  }

  public synchronized void stop() {
    running.values().forEach(f -> f.cancel(true));
    running.clear();
    endpoints.stop();
  }

  /** Whether the gRPC ports are open. */
  public boolean serving() {
    return coordinator != null && endpoints.running();
  }

  public Coordinator coordinator() {
    if (coordinator == null) {
      start();
    }
    return coordinator;
  }

  public FederationStore store() {
    coordinator();
    return store;
  }

  /** Sites with an open stream now. */
  public java.util.Set<String> connectedSites() {
    return coordinator().sites().connected();
  }

  /**
   * Stores the job with its protocol and initial model and starts running it in the background;
   * with the full protocol its evaluation first trains the sub-jobs ({@link JobEvaluations}).
   */
  public JobRecord submit(JobSpec spec, EvaluationProtocol protocol, double[] initialParameters) {
    JobRecord record =
        coordinator()
            .jobs()
            .submit(
                new JobRecord(spec, JobStatus.SUBMITTED, Map.of(), "").withProtocol(protocol),
                initialParameters);
    launch(spec.jobId());
    return record;
  }

  /** Runs a failed or stopped job again from its last completed round. */
  public Optional<JobRecord> resume(String jobId) {
    Optional<JobRecord> job = store().jobs().find(jobId);
    job.filter(j -> j.status() != JobStatus.COMPLETED).ifPresent(j -> launch(jobId));
    return job;
  }

  /** Whether a job is being driven by this process now. */
  public boolean isActive(String jobId) {
    Future<?> future = running.get(jobId);
    return future != null && !future.isDone();
  }

  public List<String> activeJobs() {
    return running.entrySet().stream()
        .filter(e -> !e.getValue().isDone())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private void launch(String jobId) {
    running.compute(
        jobId,
        (id, current) -> {
          if (current != null && !current.isDone()) {
            return current;
          }
          return executor.submit(
              () -> {
                try {
                  JobRecord result = coordinator.run(id);
                  LOG.info(
                      () -> "job " + id + " ended " + result.status() + " " + result.failure());
                  if (result.status() == JobStatus.COMPLETED && evaluations.needsEvaluation(id)) {
                    evaluations.evaluate(coordinator, result);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  LOG.info(() -> "job " + id + " interrupted (shutdown)");
                } catch (RuntimeException e) {
                  LOG.log(Level.SEVERE, "job " + id + " stopped by an error", e);
                }
              });
        });
  }
}
