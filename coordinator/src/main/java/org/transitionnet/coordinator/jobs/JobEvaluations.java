package org.transitionnet.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.coordinator.persistence.JpaLeaderboards;
import org.transitionnet.coordinator.persistence.StoredLeaderboard;
import org.transitionnet.crosssite.CrossSiteMatrix;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.coordinator.ProtocolJobs;
import org.transitionnet.federation.evaluation.JobLeaderboard;
import org.transitionnet.federation.evaluation.TrainedMethod;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.leaderboard.DpSetting;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.task.Task;

/**
 * The evaluation step of a finished job and its leaderboard: the library's {@link JobLeaderboard}
 * sends the task's baselines and the final model to every site that took part and pools their
 * sufficient statistics; the §8 document is stored (it survives a restart) and served as the job's
 * leaderboard. Before it is complete the document has no methods and says {@code "evaluation":
 * "pending"}, {@code "running"} (with {@code evaluation_progress}) or {@code "failed"} (with {@code
 * evaluation_failure}); no metric is ever invented.
 */
@ApplicationScoped
public class JobEvaluations implements LeaderboardSource {

  private static final Logger LOG = Logger.getLogger(JobEvaluations.class.getName());

  @Inject JpaLeaderboards leaderboards;
  @Inject TaskFiles tasks;

  /** The reporting threshold k: sites suppress cells of fewer records. */
  @Inject
  @ConfigProperty(name = "evaluation.k", defaultValue = "10")
  int k;

  /** How long one method's evaluation waits for the sites. */
  @Inject
  @ConfigProperty(name = "evaluation.timeout-seconds", defaultValue = "600")
  long timeoutSeconds;

  /** How long an evaluation waits for the job's sites to be connected before it starts. */
  @Inject
  @ConfigProperty(name = "evaluation.connect-wait-seconds", defaultValue = "120")
  long connectWaitSeconds;

  /** The k of the statistics step and of every evaluation. */
  public int k() {
    return k;
  }

  /** Whether a finished job still needs its evaluation (none stored, or one cut off by a stop). */
  public boolean needsEvaluation(String jobId) {
    return leaderboards
        .find(jobId)
        .map(s -> s.state().equals(StoredLeaderboard.RUNNING))
        .orElse(true);
  }

  /**
   * Evaluates a completed job at the sites that took part in its rounds and stores the leaderboard;
   * blocks (run it on a worker thread).
   */
  public void evaluate(Coordinator coordinator, JobRecord job) throws InterruptedException {
    String jobId = job.spec().jobId();
    List<String> sites = sites(job, coordinator.store().rounds().rounds(jobId));
    List<ProtocolJobs.Planned> planned =
        job.statistics() == null ? List.of() : ProtocolJobs.plan(job, sites);
    int total = JobLeaderboard.methodCount(planned.size());
    leaderboards.save(jobId, StoredLeaderboard.RUNNING, progress(0, total, null), null);
    try {
      // the full §7 protocol: local:<site> and loso:<site> trained as sub-jobs first (a restart
      // finds the trained ones and resumes the one it was in)
      List<TrainedMethod> protocolMethods =
          planned.isEmpty()
              ? List.of()
              : ProtocolJobs.of(coordinator)
                  .train(
                      job,
                      sites,
                      (method, index, all) ->
                          leaderboards.save(
                              jobId,
                              StoredLeaderboard.RUNNING,
                              "training "
                                  + method
                                  + " (protocol job "
                                  + index
                                  + " of "
                                  + all
                                  + ", "
                                  + ProtocolJobs.subJobId(jobId, method)
                                  + ")",
                              null));
      Task task = tasks.task(job.spec().task());
      ModelVersion model =
          coordinator
              .store()
              .rounds()
              .latestModel(jobId)
              .orElseThrow(() -> new IllegalStateException("job " + jobId + " has no model"));
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      // after a restart the sites reconnect first; a site still away then reports null
      coordinator.sites().awaitConnected(sites, Duration.ofSeconds(connectWaitSeconds));
      Leaderboard board =
          new JobLeaderboard(coordinator.evaluations(), k, timeout)
              .evaluate(
                  job,
                  task,
                  model,
                  sites,
                  dp(job.spec()),
                  protocolMethods,
                  (method, done, all) ->
                      leaderboards.save(
                          jobId, StoredLeaderboard.RUNNING, progress(done, all, method), null));
      leaderboards.save(
          jobId,
          StoredLeaderboard.COMPLETED,
          board.methods().size() + " methods evaluated at " + sites.size() + " sites",
          protocolMethods.isEmpty()
              ? LeaderboardJson.write(board)
              : CrossSiteMatrix.of(board).addTo(LeaderboardJson.write(board)));
      LOG.info(() -> "job " + jobId + ": leaderboard of " + board.methods().size() + " methods");
    } catch (UnknownModelException | IllegalArgumentException | IllegalStateException e) {
      LOG.log(Level.WARNING, "evaluation of job " + jobId + " failed", e);
      leaderboards.save(jobId, StoredLeaderboard.FAILED, e.getMessage(), null);
    }
  }

  /** What the job view shows: pending, running (n of m methods evaluated), completed, failed. */
  public String status(String jobId) {
    Optional<StoredLeaderboard> stored = leaderboards.find(jobId);
    if (stored.isEmpty()) {
      return "pending";
    }
    StoredLeaderboard s = stored.get();
    return switch (s.state()) {
      case StoredLeaderboard.COMPLETED -> "completed";
      case StoredLeaderboard.RUNNING -> "running (" + s.progress() + ")";
      default -> "failed: " + s.progress();
    };
  }

  @Override
  public JsonObject leaderboard(JobRecord job, List<RoundRecord> rounds) {
    JobSpec spec = job.spec();
    Optional<StoredLeaderboard> stored = leaderboards.find(spec.jobId());
    Optional<String> completed = stored.flatMap(StoredLeaderboard::completedDocument);
    if (completed.isPresent()) {
      JsonObject document = Json.createReader(new StringReader(completed.get())).readObject();
      JsonObjectBuilder out = Json.createObjectBuilder();
      for (Map.Entry<String, JsonValue> e : document.entrySet()) {
        out.add(e.getKey(), e.getValue());
        if (e.getKey().equals("created")) {
          out.add("job", spec.jobId()).add("evaluation", StoredLeaderboard.COMPLETED);
        }
      }
      return out.build();
    }
    JsonArrayBuilder siteArray = Json.createArrayBuilder();
    sites(job, rounds).forEach(siteArray::add);
    JsonArrayBuilder targets = Json.createArrayBuilder();
    try {
      tasks.task(spec.task()).targetNames().forEach(targets::add);
    } catch (UnknownModelException e) {
      // the task file is gone: the document names no targets
    }
    JsonObjectBuilder document =
        Json.createObjectBuilder()
            .add("task", spec.task())
            .add("created", Instant.now().toString())
            .add("job", spec.jobId());
    if (job.subJob() != null) {
      // a protocol sub-job is evaluated as one method of its parent's leaderboard
      document
          .add("evaluation", "in the parent job's leaderboard")
          .add("parent_job", job.subJob().parentJobId())
          .add("method", job.subJob().method());
    } else if (stored.isEmpty()) {
      document.add("evaluation", "pending");
    } else if (stored.get().state().equals(StoredLeaderboard.RUNNING)) {
      document.add("evaluation", "running").add("evaluation_progress", stored.get().progress());
    } else {
      document.add("evaluation", "failed").add("evaluation_failure", stored.get().progress());
    }
    return document
        .add("sites", siteArray)
        .add("targets", targets)
        .add("methods", Json.createArrayBuilder())
        .build();
  }

  /** The sites that took part in the job's rounds (else those that accepted it), sorted. */
  private static List<String> sites(JobRecord job, List<RoundRecord> rounds) {
    TreeSet<String> sites = new TreeSet<>();
    rounds.forEach(r -> sites.addAll(r.participants()));
    if (sites.isEmpty()) {
      job.decisions()
          .forEach(
              (site, d) -> {
                if (d.accepted()) {
                  sites.add(site);
                }
              });
    }
    return new ArrayList<>(sites);
  }

  /** The differential privacy of the job's training ({@code null} without DP). */
  private static DpSetting dp(JobSpec spec) {
    return spec.leaderboardDp();
  }

  private static String progress(int done, int total, String last) {
    return done + " of " + total + " methods evaluated" + (last == null ? "" : ", last " + last);
  }
}
