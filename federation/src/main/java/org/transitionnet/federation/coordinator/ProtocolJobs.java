package org.transitionnet.federation.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.transitionnet.federation.evaluation.TrainedMethod;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.EvaluationProtocol;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobRecord.SiteDecision;
import org.transitionnet.federation.store.JobRecord.SubJob;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.ModelVersion;

/**
 * Trains the extra methods of a job run under the {@linkplain EvaluationProtocol#FULL full §7
 * protocol} in a real deployment, as sub-jobs of the job, once its own rounds are done:
 *
 * <ul>
 *   <li>{@code local:<site>}: the job's spec offered to that site alone (plain aggregation: one
 *       site has nobody to mask with, so the coordinator holds that site's model, which is what the
 *       method is; a site whose policy requires secure aggregation refuses it);
 *   <li>{@code loso:<site>}: the job's spec offered to every other site (securely aggregated when
 *       the job is and at least two sites remain).
 * </ul>
 *
 * Every sub-job starts from the job's initial model (version 0), has its rounds, local steps and
 * seed (so the same total number of local steps and the same test splits), its differential privacy
 * (each sub-job is charged to the sites' ledgers like any job, and a site whose budget cannot cover
 * it declines it at the offer) and inherits its pooled statistics (no statistics step: every method
 * encodes features the same way). Sub-jobs are stored jobs: a restarted coordinator finds the ones
 * already trained and resumes the one it was in from its last round. A sub-job that failed is not
 * retried; its method is reported {@code null} with the reason.
 */
public final class ProtocolJobs {

  private static final Logger LOG = Logger.getLogger(ProtocolJobs.class.getName());

  /** Told before each sub-job is trained. */
  public interface Progress {
    /**
     * @param method the method about to be trained, e.g. {@code loso:site-b}
     * @param index its position, from 1
     * @param total the number of protocol methods
     */
    void training(String method, int index, int total);
  }

  /**
   * One method of the protocol as planned.
   *
   * @param method the leaderboard name
   * @param kind {@code local} or {@code loso}
   * @param job the sub-job to store and run
   * @param impossible why this method cannot be trained for this job, or {@code null}
   */
  public record Planned(String method, String kind, JobRecord job, String impossible) {}

  private final FederationStore store;
  private final JobRunner runner;
  private final ConnectedSites sites;

  public ProtocolJobs(FederationStore store, JobRunner runner, ConnectedSites sites) {
    this.store = Objects.requireNonNull(store, "store");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.sites = Objects.requireNonNull(sites, "sites");
  }

  /** The protocol jobs of a coordinator. */
  public static ProtocolJobs of(Coordinator coordinator) {
    return new ProtocolJobs(coordinator.store(), coordinator.jobs(), coordinator.sites());
  }

  /** The id of the sub-job that trains {@code method} for {@code parentJobId}. */
  public static String subJobId(String parentJobId, String method) {
    return parentJobId + "." + method.replace(':', '.');
  }

  /**
   * The sub-jobs of a job's protocol over the given sites: {@code local:<site>} for each, then
   * {@code loso:<site>} for each when there are at least two sites.
   *
   * @param parent a job with the full protocol and pooled statistics
   * @param sites the sites the job was trained at, in leaderboard order
   */
  public static List<Planned> plan(JobRecord parent, List<String> sites) {
    if (parent.protocol() != EvaluationProtocol.FULL) {
      return List.of();
    }
    if (parent.subJob() != null) {
      throw new IllegalArgumentException(
          "job " + parent.spec().jobId() + " is itself a protocol job of another job");
    }
    if (parent.statistics() == null) {
      throw new IllegalArgumentException(
          "job " + parent.spec().jobId() + " has no pooled statistics (its statistics step)");
    }
    JobSpec spec = parent.spec();
    boolean clientLevel = spec.privacy().level() == DifferentialPrivacy.Level.CLIENT;
    List<Planned> planned = new ArrayList<>();
    for (String site : sites) {
      String method = "local:" + site;
      planned.add(
          planned(
              parent,
              method,
              "local",
              List.of(site),
              false,
              clientLevel
                  ? "client-level DP protects a site's update only inside a securely aggregated"
                      + " sum of two or more sites; a model trained at "
                      + site
                      + " alone would leave it with only that site's share of the noise"
                  : null));
    }
    if (sites.size() >= 2) {
      for (String held : sites) {
        List<String> others = sites.stream().filter(s -> !s.equals(held)).toList();
        boolean secure = spec.secureAggregation() && others.size() >= 2;
        planned.add(
            planned(
                parent,
                "loso:" + held,
                "loso",
                others,
                secure,
                clientLevel && !secure
                    ? "client-level DP needs a securely aggregated sum of two or more sites; "
                        + others
                        + " cannot give one"
                    : null));
      }
    }
    return planned;
  }

  private static Planned planned(
      JobRecord parent,
      String method,
      String kind,
      List<String> siteIds,
      boolean secureAggregation,
      String impossible) {
    JobSpec spec = parent.spec();
    JobSpec sub =
        spec.withJobId(subJobId(spec.jobId(), method))
            .withMinSites(Math.max(1, Math.min(spec.minSites(), siteIds.size())))
            .withSecureAggregation(secureAggregation);
    JobRecord job =
        new JobRecord(sub, JobStatus.SUBMITTED, Map.of(), "", parent.statistics())
            .withSubJob(new SubJob(spec.jobId(), method, siteIds));
    return new Planned(method, kind, job, impossible);
  }

  /**
   * Trains (or finds already trained) every protocol method of a job; blocks.
   *
   * @param parent a completed job with the full protocol
   * @param siteIds the sites it was trained at, in leaderboard order
   */
  public List<TrainedMethod> train(JobRecord parent, List<String> siteIds, Progress progress)
      throws InterruptedException {
    List<Planned> planned = plan(parent, siteIds);
    List<TrainedMethod> trained = new ArrayList<>();
    String parentId = parent.spec().jobId();
    ModelVersion initial =
        store
            .rounds()
            .model(parentId, 0)
            .orElseThrow(() -> new IllegalStateException("job " + parentId + " has no model 0"));
    int index = 0;
    for (Planned p : planned) {
      index++;
      progress.training(p.method(), index, planned.size());
      trained.add(train(p, initial));
    }
    return trained;
  }

  private TrainedMethod train(Planned p, ModelVersion initial) throws InterruptedException {
    JobSpec spec = p.job().spec();
    String jobId = spec.jobId();
    if (p.impossible() != null) {
      return result(p, null, p.impossible());
    }
    Optional<JobRecord> stored = store.jobs().find(jobId);
    JobRecord job;
    if (stored.isEmpty()) {
      job = runner.submit(p.job(), initial.parameters());
    } else {
      job = stored.get();
      if (job.subJob() == null || !job.subJob().equals(p.job().subJob())) {
        return result(
            p,
            null,
            "job id " + jobId + " is taken by a job that is not this protocol's " + p.method());
      }
    }
    if (job.status() != JobStatus.COMPLETED && job.status() != JobStatus.FAILED) {
      // a sub-job is offered only to its own sites: they must be there when it is
      sites.awaitConnected(job.subJob().sites(), spec.roundTimeout());
      LOG.info(() -> "training " + p.method() + " as job " + jobId);
      job = runner.run(jobId);
    }
    if (job.status() != JobStatus.COMPLETED) {
      return result(p, null, failure(job));
    }
    ModelVersion model =
        store
            .rounds()
            .latestModel(jobId)
            .orElseThrow(() -> new IllegalStateException("job " + jobId + " has no model"));
    return result(p, model, null);
  }

  private static TrainedMethod result(Planned p, ModelVersion model, String failure) {
    JobSpec spec = p.job().spec();
    return new TrainedMethod(
        p.method(),
        p.kind(),
        spec.jobId(),
        spec.secureAggregation(),
        spec.leaderboardDp(),
        model,
        failure);
  }

  /** Why a sub-job did not complete, with the refusals of its sites. */
  private static String failure(JobRecord job) {
    StringBuilder reason =
        new StringBuilder("job ")
            .append(job.spec().jobId())
            .append(" ")
            .append(job.status())
            .append(": ")
            .append(job.failure().isEmpty() ? "no reason recorded" : job.failure());
    for (Map.Entry<String, SiteDecision> d : job.decisions().entrySet()) {
      if (!d.getValue().accepted()) {
        reason
            .append("; ")
            .append(d.getKey())
            .append(" refused (")
            .append(d.getValue().rule())
            .append("): ")
            .append(d.getValue().reason());
      }
    }
    return reason.toString();
  }
}
