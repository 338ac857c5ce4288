package org.transitionnet.federation.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.leaderboard.DpSetting;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.task.Splits;
import org.transitionnet.task.Task;

/**
 * The leaderboard of a finished job (§7, §8), evaluated where the data is: every method (the task's
 * baselines, fit by each site on its own training split, then the job's final federated model) is
 * sent to every participating site as an evaluate task scoped to the job (its split seed and pooled
 * statistics); the sites answer with sufficient statistics and {@link DistributedLeaderboard} adds
 * them up into per-site, pooled and worst-site metrics. A site that fails or does not answer
 * reports {@code null} for that method (listed under {@code settings.evaluation_failures}).
 */
public final class JobLeaderboard {

  /** The baselines every job's leaderboard has, in order. */
  public static final List<String> BASELINES = List.of("no-change", "mean-change", "linear");

  /** Told after each evaluated method. */
  public interface Progress {
    /**
     * @param method the method just evaluated
     * @param done methods evaluated so far
     * @param total methods to evaluate
     */
    void evaluated(String method, int done, int total);
  }

  private final Evaluations evaluations;
  private final int k;
  private final Duration timeout;

  /**
   * @param evaluations the coordinator's evaluation distribution
   * @param k the reporting threshold (cells below it are suppressed at the sites and in the board)
   * @param timeout how long one method's evaluation waits for the sites
   */
  public JobLeaderboard(Evaluations evaluations, int k, Duration timeout) {
    this.evaluations = Objects.requireNonNull(evaluations, "evaluations");
    this.k = k;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The number of methods a job's leaderboard evaluates (baselines and the job's strategy). */
  public static int methodCount() {
    return BASELINES.size() + 1;
  }

  /** The number of methods a leaderboard with {@code protocolMethods} extra methods evaluates. */
  public static int methodCount(int protocolMethods) {
    return methodCount() + protocolMethods;
  }

  /**
   * Evaluates every method of a job at its sites.
   *
   * @param job a job with pooled statistics (the statistics step ran)
   * @param task the job's task (the coordinator's copy of the task file)
   * @param model the job's final global model
   * @param sites the sites to evaluate at, in leaderboard order
   * @param dp the differential privacy the federated model was trained under, or {@code null}
   * @throws IllegalArgumentException when the job has no pooled statistics or they do not fit the
   *     task
   */
  public Leaderboard evaluate(
      JobRecord job,
      Task task,
      ModelVersion model,
      List<String> sites,
      DpSetting dp,
      Progress progress)
      throws InterruptedException {
    return evaluate(job, task, model, sites, dp, List.of(), progress);
  }

  /**
   * Evaluates every method of a job at its sites, the §7 protocol methods trained as its sub-jobs
   * included: in the order baselines, {@code local:<site>}, the job's strategy, {@code loso:<site>}
   * (as the simulator's leaderboard). Each is evaluated at every site, so the {@code local:<site>}
   * rows give the cross-site matrix ({@code CrossSiteMatrix.of}). A protocol method that was not
   * trained reports {@code null} everywhere, its reason under {@code settings.evaluation_failures}.
   *
   * @param protocolMethods the trained {@code local} and {@code loso} methods (empty: none)
   */
  public Leaderboard evaluate(
      JobRecord job,
      Task task,
      ModelVersion model,
      List<String> sites,
      DpSetting dp,
      List<TrainedMethod> protocolMethods,
      Progress progress)
      throws InterruptedException {
    JobSpec spec = job.spec();
    if (job.statistics() == null) {
      throw new IllegalArgumentException(
          "job " + spec.jobId() + " has no pooled statistics (its statistics step did not run)");
    }
    FeatureEncoder encoder = new FeatureEncoder(task, job.statistics().toFeatureStatistics(task));
    DistributedLeaderboard board =
        new DistributedLeaderboard(sites, encoder.targetScales(), task.comparesArms(), k);
    EvaluationScope scope =
        new EvaluationScope(spec.jobId(), spec.seed(), job.statistics(), spec.modelSpec());
    List<MethodEntry> methods = new ArrayList<>();
    Map<String, Object> failures = new LinkedHashMap<>();
    Map<String, Object> releases = new LinkedHashMap<>();
    int total = methodCount(protocolMethods.size());
    for (String baseline : BASELINES) {
      EvaluationOutcome outcome =
          run(spec, baseline, new EvaluationSubject.Baseline(baseline), scope, sites);
      methods.add(entry(board, baseline, "baseline", null, outcome, failures, releases));
      progress.evaluated(baseline, methods.size(), total);
    }
    for (TrainedMethod local : ofKind(protocolMethods, "local")) {
      methods.add(protocolEntry(board, spec, local, scope, sites, failures, releases));
      progress.evaluated(local.name(), methods.size(), total);
    }
    String name = spec.strategy().methodName();
    EvaluationOutcome outcome =
        run(
            spec,
            name,
            new EvaluationSubject.Model(spec.jobId(), model.version(), model.parameters()),
            scope,
            sites);
    MethodEntry federated =
        entry(board, name, "federated", model.version(), outcome, failures, releases);
    methods.add(
        new MethodEntry(
            name,
            "federated",
            spec.secureAggregation(),
            dp,
            federated.rounds(),
            federated.results()));
    progress.evaluated(name, methods.size(), total);
    for (TrainedMethod loso : ofKind(protocolMethods, "loso")) {
      methods.add(protocolEntry(board, spec, loso, scope, sites, failures, releases));
      progress.evaluated(loso.name(), methods.size(), total);
    }

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("job", spec.jobId());
    settings.put("seed", spec.seed());
    settings.put("k", k);
    settings.put("split", "subject");
    settings.put("test_fraction", Splits.TEST_FRACTION);
    settings.put("model_spec", spec.modelSpec());
    settings.put("strategy", name);
    settings.put("rounds", model.version());
    settings.put("local_steps", spec.localSteps());
    settings.put("learning_rate", spec.learningRate());
    settings.put("feature_statistics", "pooled from the sites' training splits");
    settings.put("evaluation", "distributed sufficient statistics");
    settings.put("baselines_fit_on", "each site's own training split");
    settings.put("protocol", job.protocol().wireName());
    if (!protocolMethods.isEmpty()) {
      Map<String, Object> jobs = new LinkedHashMap<>();
      protocolMethods.forEach(m -> jobs.put(m.name(), m.jobId()));
      settings.put("protocol_jobs", jobs);
    }
    if (!failures.isEmpty()) {
      settings.put("evaluation_failures", failures);
    }
    if (!releases.isEmpty()) {
      // sites that released differentially private sums (their own policy); the others are exact
      settings.put("evaluation_release", releases);
    }
    return new Leaderboard(
        task.name(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        sites,
        task.targetNames(),
        settings,
        methods);
  }

  private static List<TrainedMethod> ofKind(List<TrainedMethod> methods, String kind) {
    return methods.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  /** A protocol method evaluated at every site, or {@code null} everywhere when not trained. */
  private MethodEntry protocolEntry(
      DistributedLeaderboard board,
      JobSpec spec,
      TrainedMethod method,
      EvaluationScope scope,
      List<String> sites,
      Map<String, Object> failures,
      Map<String, Object> releases)
      throws InterruptedException {
    EvaluationOutcome outcome;
    Integer rounds = null;
    if (method.model() == null) {
      Map<String, String> notTrained = new LinkedHashMap<>();
      sites.forEach(site -> notTrained.put(site, "not trained: " + method.failure()));
      outcome = new EvaluationOutcome(spec.jobId() + "/" + method.name(), Map.of(), notTrained);
    } else {
      ModelVersion model = method.model();
      rounds = model.version();
      outcome =
          run(
              spec,
              method.name(),
              new EvaluationSubject.Model(method.jobId(), model.version(), model.parameters()),
              scope,
              sites);
    }
    MethodEntry entry =
        entry(board, method.name(), method.kind(), rounds, outcome, failures, releases);
    return new MethodEntry(
        entry.name(),
        entry.kind(),
        method.secureAggregation(),
        method.dp(),
        entry.rounds(),
        entry.results());
  }

  private EvaluationOutcome run(
      JobSpec spec,
      String method,
      EvaluationSubject subject,
      EvaluationScope scope,
      List<String> sites)
      throws InterruptedException {
    EvaluationRequest request =
        new EvaluationRequest(spec.jobId() + "/" + method, spec.task(), subject, k, scope);
    return evaluations.run(request, sites, timeout);
  }

  private static MethodEntry entry(
      DistributedLeaderboard board,
      String name,
      String kind,
      Integer rounds,
      EvaluationOutcome outcome,
      Map<String, Object> failures,
      Map<String, Object> releases) {
    if (!outcome.failures().isEmpty()) {
      failures.put(name, outcome.failures());
    }
    outcome
        .results()
        .forEach(
            (site, result) -> {
              if (result.hasRelease()) {
                org.transitionnet.proto.v1.EvaluationRelease r = result.getRelease();
                Map<String, Object> release = new LinkedHashMap<>();
                release.put("mechanism", "gaussian");
                release.put("epsilon_per_release", r.getEpsilon());
                release.put("delta", r.getDelta());
                release.put("noise_multiplier", r.getNoiseMultiplier());
                release.put("clip_sds", r.getClipSds());
                releases.put(site, release);
              }
            });
    try {
      return board.entry(name, kind, rounds, outcome);
    } catch (MalformedEvaluationException e) {
      // a site answered sums that do not fit the task: leave that site out of this method
      Map<String, org.transitionnet.proto.v1.EvaluationResult> kept =
          new LinkedHashMap<>(outcome.results());
      Map<String, String> failed = new LinkedHashMap<>(outcome.failures());
      kept.remove(e.site());
      failed.put(e.site(), e.getMessage());
      return entry(
          board,
          name,
          kind,
          rounds,
          new EvaluationOutcome(outcome.evaluationId(), kept, failed),
          failures,
          releases);
    }
  }
}
