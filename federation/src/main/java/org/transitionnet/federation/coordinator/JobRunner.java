package org.transitionnet.federation.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.federation.statistics.StatisticsOutcome;
import org.transitionnet.federation.statistics.StatisticsStep;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobRecord.SiteDecision;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.OptimizerState;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.JobDecision;
import org.transitionnet.proto.v1.JobOffer;

/**
 * Drives a job through its rounds: offers it to the connected sites, records their decisions, then
 * runs rounds from the one after the last stored round, so that a restarted coordinator (a new
 * runner over the same store) resumes where the old one stopped and repeats nothing.
 */
public final class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

  /**
   * Failed attempts of one round, in one run of the job, before the job is marked failed. Attempts
   * an earlier coordinator process started (and a crash interrupted) are not counted, but their
   * numbers are not reused (see {@link
   * org.transitionnet.federation.store.RoundRepository#startAttempt}).
   */
  public static final int MAX_ATTEMPTS = 3;

  private final FederationStore store;
  private final RoundEngine engine;
  private final ConnectedSites sites;
  private final Clock clock;
  private final StatisticsStep statistics;
  private final Map<String, Map<String, SiteDecision>> pendingDecisions = new HashMap<>();
  private volatile int statisticsMinCount = -1;

  public JobRunner(FederationStore store, RoundEngine engine, ConnectedSites sites, Clock clock) {
    this(store, engine, sites, clock, new StatisticsStep(sites));
  }

  public JobRunner(
      FederationStore store,
      RoundEngine engine,
      ConnectedSites sites,
      Clock clock,
      StatisticsStep statistics) {
    this.store = store;
    this.engine = engine;
    this.sites = sites;
    this.clock = clock;
    this.statistics = statistics;
  }

  /**
   * Runs the statistics step before round 1 of every job from now on: each participant returns the
   * statistics of its training split (slots below {@code minCount} zeroed), the pooled statistics
   * are stored with the job and sent with every train task. Without it (the default, e.g. for
   * trainers that bring their own encoding) train tasks carry no statistics.
   */
  public void runStatisticsStep(int minCount) {
    if (minCount < 1) {
      throw new IllegalArgumentException("min count must be >= 1, was " + minCount);
    }
    this.statisticsMinCount = minCount;
  }

  /** The coordinator's side of the statistics step (answers are routed here). */
  public StatisticsStep statistics() {
    return statistics;
  }

  /** Stores a new job and its seeded initial model (version 0). */
  public JobRecord submit(JobSpec spec, double[] initialParameters) {
    return submit(new JobRecord(spec, JobStatus.SUBMITTED, Map.of(), ""), initialParameters);
  }

  /**
   * Stores a new job as given (its protocol, a sub-job's sites, statistics it inherits: a job
   * submitted with pooled statistics skips the statistics step) and its initial model (version 0).
   */
  public JobRecord submit(JobRecord job, double[] initialParameters) {
    JobSpec spec = job.spec();
    if (initialParameters.length != spec.parameterCount()) {
      throw new IllegalArgumentException(
          "initial model has "
              + initialParameters.length
              + " parameters, the job declares "
              + spec.parameterCount());
    }
    if (store.jobs().find(spec.jobId()).isPresent()) {
      throw new IllegalArgumentException("job " + spec.jobId() + " exists");
    }
    store
        .rounds()
        .storeInitialModel(
            new ModelVersion(
                spec.jobId(), 0, initialParameters.clone(), OptimizerState.NONE, clock.instant()));
    JobRecord record = job.with(JobStatus.SUBMITTED, "").withDecisions(Map.of());
    store.jobs().save(record);
    return record;
  }

  /** Runs (or resumes) the job to its last round. */
  public JobRecord run(String jobId) throws InterruptedException {
    return runUntil(jobId, Integer.MAX_VALUE);
  }

  /**
   * Runs (or resumes) the job up to and including round {@code lastRound}; the job stays RUNNING
   * when that is before its last round.
   */
  public JobRecord runUntil(String jobId, int lastRound) throws InterruptedException {
    JobRecord job =
        store.jobs().find(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
    JobSpec spec = job.spec();
    if (job.status() == JobStatus.COMPLETED) {
      return job;
    }
    // (re-)offer on every start: a node that restarted has forgotten its decision, and a site
    // may have changed its policy; sites that do not answer keep their stored decision
    Map<String, SiteDecision> decisions = new TreeMap<>(job.decisions());
    decisions.putAll(offer(job));
    job = job.withDecisions(decisions);
    List<String> participants = accepted(job);
    if (participants.size() < spec.minSites()) {
      return fail(
          job, participants.size() + " sites accepted the job, it needs " + spec.minSites());
    }
    job = job.with(JobStatus.RUNNING, "");
    store.jobs().save(job);
    int minCount = statisticsMinCount;
    if (minCount > 0 && job.statistics() == null) {
      // a coordinator that has just (re)started resumes jobs before the sites reconnect
      sites.awaitConnected(participants, spec.roundTimeout());
      StatisticsOutcome outcome =
          statistics.run(
              jobId, spec.task(), spec.seed(), minCount, participants, spec.roundTimeout());
      if (outcome.results().size() < spec.minSites()) {
        return fail(
            job,
            "statistics step: "
                + outcome.results().size()
                + " sites answered, the job needs "
                + spec.minSites()
                + "; failures "
                + outcome.failures());
      }
      SlotStatistics pooled;
      try {
        pooled = outcome.pooled().orElseThrow();
      } catch (IllegalArgumentException e) {
        return fail(job, "statistics step: " + e.getMessage());
      }
      LOG.info(
          () ->
              "job "
                  + jobId
                  + ": pooled statistics of "
                  + outcome.results().keySet()
                  + ", failures "
                  + outcome.failures());
      job = job.withStatistics(pooled);
      store.jobs().save(job);
      participants = new ArrayList<>(outcome.results().keySet());
    }
    ModelVersion model = latest(jobId);
    while (model.version() < Math.min(spec.rounds(), lastRound)) {
      int round = model.version() + 1;
      RoundOutcome outcome = null;
      for (int tries = 1; tries <= MAX_ATTEMPTS; tries++) {
        sites.awaitConnected(participants, spec.roundTimeout());
        // numbered by the store, so a restarted coordinator continues after the attempt it
        // interrupted instead of reusing its number
        int attempt = store.rounds().startAttempt(jobId, round);
        outcome =
            engine.run(
                spec, model, new RoundId(jobId, round, attempt), participants, job.statistics());
        if (outcome instanceof RoundOutcome.Completed completed) {
          model = completed.model();
          break;
        }
        String reason = ((RoundOutcome.Failed) outcome).reason();
        LOG.warning(() -> "round attempt failed: " + reason);
      }
      if (!(outcome instanceof RoundOutcome.Completed)) {
        return fail(
            job,
            "round "
                + round
                + " failed "
                + MAX_ATTEMPTS
                + " times: "
                + ((RoundOutcome.Failed) outcome).reason());
      }
    }
    if (model.version() >= spec.rounds()) {
      job = job.with(JobStatus.COMPLETED, "");
      store.jobs().save(job);
    }
    return job;
  }

  /** A site's answer to a job offer. */
  public void onDecision(String siteId, JobDecision decision) {
    synchronized (pendingDecisions) {
      Map<String, SiteDecision> decisions = pendingDecisions.get(decision.getJobId());
      if (decisions != null) {
        decisions.put(
            siteId,
            new SiteDecision(decision.getAccepted(), decision.getRule(), decision.getReason()));
        pendingDecisions.notifyAll();
      }
    }
  }

  /** Offers the job to the connected sites it may run at (a sub-job only to its own sites). */
  private Map<String, SiteDecision> offer(JobRecord job) throws InterruptedException {
    JobSpec spec = job.spec();
    List<String> offered = new ArrayList<>();
    synchronized (pendingDecisions) {
      pendingDecisions.put(spec.jobId(), new TreeMap<>());
    }
    CoordinatorMessage message =
        CoordinatorMessage.newBuilder()
            .setJobOffer(JobOffer.newBuilder().setSpec(ProtoMessages.toProto(spec)))
            .build();
    for (String site : sites.connected()) {
      if (!job.offeredTo(site)) {
        continue;
      }
      try {
        sites
            .link(site)
            .orElseThrow(() -> new SiteUnreachableException(site, "gone"))
            .send(message);
        offered.add(site);
      } catch (SiteUnreachableException e) {
        LOG.fine(e::getMessage);
      }
    }
    long deadline = System.nanoTime() + offerTimeout(spec).toNanos();
    synchronized (pendingDecisions) {
      Map<String, SiteDecision> decisions = pendingDecisions.get(spec.jobId());
      while (!decisions.keySet().containsAll(offered)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        pendingDecisions.wait(Math.max(1, left / 1_000_000));
      }
      return new TreeMap<>(pendingDecisions.remove(spec.jobId()));
    }
  }

  private static Duration offerTimeout(JobSpec spec) {
    return spec.roundTimeout();
  }

  private static List<String> accepted(JobRecord job) {
    List<String> accepted = new ArrayList<>();
    job.decisions()
        .forEach(
            (site, d) -> {
              if (d.accepted() && job.offeredTo(site)) {
                accepted.add(site);
              }
            });
    accepted.sort(null);
    return accepted;
  }

  private ModelVersion latest(String jobId) {
    return store
        .rounds()
        .latestModel(jobId)
        .orElseThrow(() -> new IllegalStateException("job " + jobId + " has no initial model"));
  }

  private JobRecord fail(JobRecord job, String reason) {
    JobRecord failed = job.with(JobStatus.FAILED, reason);
    store.jobs().save(failed);
    return failed;
  }
}
