package org.transitionnet.federation.site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.transitionnet.federation.aggregation.secure.SecureSiteRound;
import org.transitionnet.federation.aggregation.secure.SiteSecureAggregation;
import org.transitionnet.federation.evaluation.EvaluationException;
import org.transitionnet.federation.evaluation.EvaluationScope;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.evaluation.SiteEvaluator;
import org.transitionnet.federation.evaluation.SufficientStatistics;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.privacy.EvaluationPrivacy;
import org.transitionnet.federation.privacy.PrivacyBudgetExceededException;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.federation.statistics.SiteStatistics;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.federation.transport.ChunkAssembler;
import org.transitionnet.federation.transport.MalformedChunkException;
import org.transitionnet.federation.transport.ParameterChunks;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.EvaluateTask;
import org.transitionnet.proto.v1.JobDecision;
import org.transitionnet.proto.v1.ParameterChunk;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.RoundRefusal;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.StatisticsResult;
import org.transitionnet.proto.v1.StatisticsTask;
import org.transitionnet.proto.v1.TaskFailure;
import org.transitionnet.proto.v1.TrainTask;
import org.transitionnet.proto.v1.UpdateHeader;
import org.transitionnet.proto.v1.UploadReceipt;
import org.transitionnet.security.dp.ClientLevelDp;
import org.transitionnet.security.dp.NoiseSource;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.security.envelope.EnvelopeException;
import org.transitionnet.security.secagg.SecAggException;

/**
 * The site's protocol logic, independent of the transport: judges job offers with the site's
 * policy, assembles the global model of a train task, trains on one worker thread (rounds of one
 * site never overlap) and sends the update (local minus global) in chunks on whatever stream is
 * attached at that moment.
 */
public final class SiteAgent implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SiteAgent.class.getName());

  private final String siteId;
  private final SitePolicy policy;
  private final LocalTrainer trainer;
  private final ExecutorService worker;

  /** The jobs this site accepted, each with the parameter count its offer declared (0: none). */
  private final Map<String, Integer> acceptedParameterCounts = new ConcurrentHashMap<>();

  /**
   * The largest model a coordinator can make this site assemble (80 MB of doubles): a task
   * declaring more is refused before anything is allocated, so a hostile or broken coordinator
   * cannot exhaust the node's memory with one message (found by ProtobufFuzzTest).
   */
  static final int MAX_PARAMETERS = 10_000_000;

  private final Map<RoundId, PendingTask> pending = new HashMap<>();
  private final List<RoundRefusal> refusals = new ArrayList<>();
  private final List<UploadReceipt> receipts = new ArrayList<>();
  private final List<PolicyDecision> decisions = new ArrayList<>();
  private final SiteEvaluator evaluator;
  private final Map<RoundId, PendingEvaluation> pendingEvaluations = new HashMap<>();
  private volatile Consumer<SiteMessage> outbound;
  private volatile SiteSecureAggregation secure;
  private volatile SiteStatistics statistics;
  private final Map<RoundId, SecureSiteRound> secureRounds = new ConcurrentHashMap<>();
  private volatile Consumer<SiteMessage> tap;

  private volatile Consumer<SiteMessage> afterSend;
  private volatile SitePrivacyLedger privacyLedger;
  private volatile EvaluationPrivacy evaluationPrivacy = EvaluationPrivacy.exact();

  public SiteAgent(String siteId, SitePolicy policy, LocalTrainer trainer) {
    this(siteId, policy, trainer, null);
  }

  /**
   * @param evaluator runs evaluate tasks on the site's test split; {@code null} = the site answers
   *     every evaluate task with a failure
   */
  public SiteAgent(
      String siteId, SitePolicy policy, LocalTrainer trainer, SiteEvaluator evaluator) {
    this.siteId = siteId;
    this.policy = policy;
    this.trainer = trainer;
    this.evaluator = evaluator;
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "site-" + siteId + "-training");
              t.setDaemon(true);
              return t;
            });
  }

  public String siteId() {
    return siteId;
  }

  /**
   * Gives the site its secure-aggregation identity, so it can take part in rounds of jobs that ask
   * for secure aggregation (without one it fails their tasks). Call before connecting.
   */
  public SiteAgent withSecureAggregation(SiteSecureAggregation settings) {
    this.secure = settings;
    return this;
  }

  /**
   * Gives the site its privacy ledger: client-level DP rounds are charged to it and refused when
   * they would exceed its budget (record-level rounds are charged by the DP trainer, which should
   * share this ledger). Without one, client-level rounds are charged to a ledger in memory with no
   * limit but each job's own budget.
   */
  public SiteAgent withPrivacyLedger(SitePrivacyLedger ledger) {
    this.privacyLedger = ledger;
    return this;
  }

  /**
   * How the site releases evaluation sums: {@link EvaluationPrivacy#exact()} (the default: exact
   * sums, small cells suppressed) or the Gaussian mechanism, each release admitted against and
   * charged to the site's privacy ledger at record level (refused, with the reason, past its
   * budget).
   */
  public SiteAgent withEvaluationPrivacy(EvaluationPrivacy release) {
    this.evaluationPrivacy = Objects.requireNonNull(release, "release");
    return this;
  }

  /**
   * Lets the site answer a job's statistics step with the statistics of its training split (without
   * it the site fails statistics tasks). Call before connecting.
   */
  public SiteAgent withStatistics(SiteStatistics source) {
    this.statistics = source;
    return this;
  }

  /** Sets the stream messages go out on (null while disconnected). */
  public void attach(Consumer<SiteMessage> stream) {
    this.outbound = stream;
  }

  /**
   * Observes every message this site puts on its stream, just before it does (so the observer has
   * seen a message before the coordinator can act on it; a send that then fails was observed too),
   * e.g. to audit what leaves the site; {@code null} removes the observer.
   */
  public void tap(Consumer<SiteMessage> observer) {
    this.tap = observer;
  }

  /**
   * Observes every message after this site handed it to its stream (e.g. a test that cuts the
   * connection once a message is on its way, which an observer called before the send would race);
   * {@code null} removes the observer.
   */
  public void afterSend(Consumer<SiteMessage> observer) {
    this.afterSend = observer;
  }

  /** Handles one message from the coordinator. */
  public void onMessage(CoordinatorMessage message) {
    switch (message.getBodyCase()) {
      case JOB_OFFER -> onOffer(message.getJobOffer().getSpec());
      case TRAIN_TASK -> onTrainTask(message.getTrainTask());
      case MODEL_CHUNK -> onModelChunk(message.getModelChunk());
      case SECAGG -> worker.execute(() -> onSecAgg(message.getSecagg()));
      case EVALUATE_TASK -> onEvaluateTask(message.getEvaluateTask());
      case STATISTICS_TASK -> worker.execute(() -> onStatisticsTask(message.getStatisticsTask()));
      case ROUND_REFUSAL -> {
        synchronized (refusals) {
          refusals.add(message.getRoundRefusal());
        }
        LOG.info(() -> siteId + ": coordinator refused " + message.getRoundRefusal());
      }
      case UPLOAD_RECEIPT -> {
        synchronized (receipts) {
          receipts.add(message.getUploadReceipt());
        }
      }
      default -> LOG.fine(() -> siteId + ": ignored " + message.getBodyCase());
    }
  }

  /** Refusals the coordinator sent this site (oldest first). */
  public List<RoundRefusal> refusals() {
    synchronized (refusals) {
      return List.copyOf(refusals);
    }
  }

  /** Receipts for whole updates the coordinator took (oldest first). */
  public List<UploadReceipt> receipts() {
    synchronized (receipts) {
      return List.copyOf(receipts);
    }
  }

  /** The policy's verdicts on offered jobs (oldest first). */
  public List<PolicyDecision> decisions() {
    synchronized (decisions) {
      return List.copyOf(decisions);
    }
  }

  /**
   * A DP job is declined at the offer when the site's privacy ledger cannot cover the ε it asks for
   * (instead of being refused round by round once it runs).
   */
  private PolicyDecision judgeBudget(JobSpec job) {
    SitePrivacyLedger ledger = privacyLedger;
    DifferentialPrivacy dp = job.privacy();
    if (ledger == null || dp.level() == DifferentialPrivacy.Level.NONE) {
      return PolicyDecision.accept();
    }
    return ledger
        .declineOffer(job.jobId(), dp.level().ledgerLevel(), dp.epsilon())
        .map(reason -> PolicyDecision.refuse("privacy-budget", reason))
        .orElse(PolicyDecision.accept());
  }

  private void onOffer(org.transitionnet.proto.v1.JobSpec offered) {
    PolicyDecision decision;
    try {
      JobSpec job = ProtoMessages.toDomain(offered);
      decision = policy.judge(job);
      if (decision.accepted()) {
        decision = judgeBudget(job);
      }
    } catch (IllegalArgumentException e) {
      decision = PolicyDecision.refuse("malformed", e.getMessage());
    }
    synchronized (decisions) {
      decisions.add(decision);
    }
    if (decision.accepted()) {
      acceptedParameterCounts.put(offered.getJobId(), Math.max(0, offered.getParameterCount()));
    }
    send(
        SiteMessage.newBuilder()
            .setJobDecision(
                JobDecision.newBuilder()
                    .setJobId(offered.getJobId())
                    .setAccepted(decision.accepted())
                    .setRule(decision.rule())
                    .setReason(decision.reason()))
            .build());
  }

  private void onTrainTask(TrainTask task) {
    RoundId id;
    try {
      id = ProtoMessages.roundId(task.getRef());
    } catch (IllegalArgumentException e) {
      fail(task.getRef(), "malformed task: " + e.getMessage());
      return;
    }
    if (!acceptedParameterCounts.containsKey(id.jobId())) {
      fail(task.getRef(), "site " + siteId + " did not accept job " + id.jobId());
      return;
    }
    int declared = acceptedParameterCounts.get(id.jobId());
    Optional<String> wrongShape =
        shapeProblem(task.getParameterCount(), task.getChunkCount(), declared);
    if (wrongShape.isPresent()) {
      fail(task.getRef(), "refused task: " + wrongShape.get());
      return;
    }
    synchronized (pending) {
      pending.put(
          id,
          new PendingTask(
              task, new ChunkAssembler(task.getParameterCount(), task.getChunkCount())));
    }
  }

  /**
   * Why a model of this shape will not be assembled here, if it will not: a negative or oversized
   * parameter count, a chunk count that cannot carry it, or a size other than the one the accepted
   * offer declared.
   *
   * @param declared the accepted offer's parameter count, or 0 when it declared none
   */
  static Optional<String> shapeProblem(int parameters, int chunks, int declared) {
    if (parameters < 0 || parameters > MAX_PARAMETERS) {
      return Optional.of(
          "a model of " + parameters + " parameters (this site takes 0 to " + MAX_PARAMETERS + ")");
    }
    if (chunks < 1 || chunks > parameters + 1) {
      return Optional.of(chunks + " chunks for " + parameters + " parameters");
    }
    if (declared > 0 && parameters != declared) {
      return Optional.of(
          "a model of " + parameters + " parameters, but the accepted offer declared " + declared);
    }
    return Optional.empty();
  }

  private void onModelChunk(ParameterChunk chunk) {
    RoundId id = ProtoMessages.roundId(chunk.getRef());
    PendingTask task;
    synchronized (pending) {
      task = pending.get(id);
      if (task == null && id.attempt() == 0) {
        onEvaluationChunk(id, chunk);
        return;
      }
      if (task == null) {
        LOG.fine(() -> siteId + ": model chunk for no pending task " + id);
        return;
      }
      try {
        task.model.add(chunk);
      } catch (MalformedChunkException e) {
        pending.remove(id);
        fail(chunk.getRef(), "global model malformed: " + e.getMessage());
        return;
      }
      if (!task.model.isComplete()) {
        return;
      }
      pending.remove(id);
    }
    worker.execute(() -> train(task));
  }

  private void onStatisticsTask(StatisticsTask task) {
    StatisticsResult.Builder result =
        StatisticsResult.newBuilder().setJobId(task.getJobId()).setSiteId(siteId);
    SiteStatistics source = statistics;
    if (!acceptedParameterCounts.containsKey(task.getJobId())) {
      result.setFailure("site " + siteId + " did not accept job " + task.getJobId());
    } else if (source == null) {
      result.setFailure("site " + siteId + " does not compute statistics");
    } else {
      try {
        SlotStatistics own =
            source.trainingStatistics(task.getJobId(), task.getTask(), task.getSplitSeed());
        result.setStatistics(
            own.suppressBelow(SufficientStatistics.minCount(task.getMinCount())).toProto());
      } catch (TrainingException | RuntimeException e) {
        LOG.log(Level.WARNING, siteId + ": statistics of job " + task.getJobId() + " failed", e);
        result.setFailure("statistics failed: " + e.getMessage());
      } catch (LinkageError e) {
        LOG.log(Level.SEVERE, siteId + ": statistics cannot run", e);
        result.setFailure("statistics failed: " + cannotRun(e));
      }
    }
    send(SiteMessage.newBuilder().setStatisticsResult(result).build());
  }

  private void train(PendingTask pendingTask) {
    TrainTask task = pendingTask.task;
    double[] global = pendingTask.model.values();
    RoundPrivacy privacy;
    SlotStatistics statistics;
    try {
      privacy = ProtoMessages.roundPrivacy(task.getDp());
      statistics =
          task.hasEncodingStatistics()
              ? SlotStatistics.fromProto(task.getEncodingStatistics())
              : null;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, siteId + ": malformed train task", e);
      fail(task.getRef(), "local training failed: malformed train task: " + e.getMessage());
      return;
    }
    RoundPlan plan =
        new RoundPlan(
            ProtoMessages.roundId(task.getRef()),
            task.getModelVersion(),
            task.getLocalSteps(),
            task.getLearningRate(),
            task.getProximalMu(),
            task.getSeed(),
            statistics,
            privacy);
    ClientLevelCharge client = null;
    LocalUpdate update;
    try {
      if (privacy.level() == DifferentialPrivacy.Level.CLIENT) {
        client = admitClientLevel(task, plan);
      }
      update = trainer.train(global, plan);
      if (update.parameters().length != global.length) {
        throw new TrainingException(
            "trainer returned "
                + update.parameters().length
                + " parameters, expected "
                + global.length);
      }
      if (privacy.level() == DifferentialPrivacy.Level.RECORD && !(update.dpEpsilonSpent() > 0)) {
        // never send an update the job asked to protect without the protection
        throw new TrainingException("this site's trainer does not train with record-level DP");
      }
    } catch (TrainingException | RuntimeException e) {
      LOG.log(Level.WARNING, siteId + ": local training failed", e);
      fail(task.getRef(), "local training failed: " + e.getMessage());
      return;
    } catch (LinkageError e) {
      LOG.log(Level.SEVERE, siteId + ": local training cannot run", e);
      fail(task.getRef(), "local training failed: " + cannotRun(e));
      return;
    }
    double[] delta = update.parameters().clone();
    for (int i = 0; i < delta.length; i++) {
      delta[i] -= global[i];
    }
    if (client != null) {
      delta =
          ClientLevelDp.clipAndNoise(
              delta,
              privacy.settings().clipNorm(),
              privacy.noiseMultiplier(),
              privacy.noiseShares(),
              NoiseSource.secure());
      client.ledger.record(plan.round().jobId(), client.charge);
      // weight 1 and no loss: the sum's sensitivity is then C, which the noise sigma*C is sized
      // for (a sample-count weight would scale one site's contribution, and the loss would be a
      // release the ledger does not cover)
      update =
          new LocalUpdate(
              update.parameters(),
              1,
              0,
              client.ledger.jobEpsilon(
                  plan.round().jobId(), PrivacyLedger.Level.CLIENT, privacy.settings().delta()));
    }
    if (task.getSecureAggregation()) {
      startSecureRound(task, delta, update);
      return;
    }
    int chunks = ParameterChunks.count(delta.length);
    send(
        SiteMessage.newBuilder()
            .setUpdateHeader(
                UpdateHeader.newBuilder()
                    .setRef(task.getRef())
                    .setSampleCount(update.sampleCount())
                    .setLoss(update.loss())
                    .setParameterCount(delta.length)
                    .setChunkCount(chunks)
                    .setLocalSteps(task.getLocalSteps())
                    .setDpEpsilonSpent(update.dpEpsilonSpent()))
            .build());
    for (int i = 0; i < chunks; i++) {
      if (!send(
          SiteMessage.newBuilder()
              .setUpdateChunk(ParameterChunks.chunk(task.getRef(), delta, i))
              .build())) {
        return;
      }
    }
  }

  /**
   * Client level: refuses a round without secure aggregation (the coordinator would see each update
   * with only its share of the noise) or past the site's budget; the charge to record once the
   * noised update exists.
   */
  private ClientLevelCharge admitClientLevel(TrainTask task, RoundPlan plan)
      throws TrainingException {
    if (!task.getSecureAggregation()) {
      throw new TrainingException(
          "client-level DP needs secure aggregation: without it the coordinator sees each site's"
              + " update with only its 1/n share of the noise");
    }
    SitePrivacyLedger ledger = ledger();
    DifferentialPrivacy settings = plan.privacy().settings();
    PrivacyLedger.Charge charge =
        PrivacyLedger.Charge.training(
            PrivacyLedger.Level.CLIENT,
            1,
            1.0,
            plan.privacy().noiseMultiplier(),
            "round " + plan.round().round() + " client-level update");
    String jobId = plan.round().jobId();
    if (ledger.jobWouldExceed(
        jobId, charge, new PrivacyBudget(settings.epsilon() * (1 + 1e-6), settings.delta()))) {
      throw new TrainingException(
          "client-level privacy budget of the job spent: epsilon "
              + ledger.jobEpsilon(jobId, PrivacyLedger.Level.CLIENT, settings.delta())
              + " of "
              + settings.epsilon()
              + " used, round "
              + plan.round()
              + " would exceed it");
    }
    try {
      ledger.admit(jobId, charge);
    } catch (PrivacyBudgetExceededException e) {
      throw new TrainingException(e.getMessage());
    }
    return new ClientLevelCharge(ledger, charge);
  }

  private record ClientLevelCharge(SitePrivacyLedger ledger, PrivacyLedger.Charge charge) {}

  private void onEvaluateTask(EvaluateTask task) {
    if (evaluator == null) {
      sendEvaluation(
          task,
          SufficientStatistics.failure(
              task.getEvaluationId(), siteId, "site " + siteId + " does not evaluate"));
      return;
    }
    switch (task.getSubjectCase()) {
      case BASELINE -> {
        EvaluationSubject subject;
        try {
          subject = new EvaluationSubject.Baseline(task.getBaseline());
        } catch (IllegalArgumentException e) {
          sendEvaluation(
              task, SufficientStatistics.failure(task.getEvaluationId(), siteId, e.getMessage()));
          return;
        }
        worker.execute(() -> evaluate(task, subject));
      }
      case MODEL -> {
        Optional<String> wrongShape =
            shapeProblem(task.getModel().getParameterCount(), task.getModel().getChunkCount(), 0);
        if (wrongShape.isPresent()) {
          sendEvaluation(
              task,
              SufficientStatistics.failure(
                  task.getEvaluationId(), siteId, "refused evaluate task: " + wrongShape.get()));
          return;
        }
        RoundId id;
        try {
          id = new RoundId(task.getModel().getJobId(), task.getModel().getModelVersion(), 0);
        } catch (IllegalArgumentException e) {
          sendEvaluation(
              task,
              SufficientStatistics.failure(
                  task.getEvaluationId(), siteId, "malformed evaluate task: " + e.getMessage()));
          return;
        }
        synchronized (pending) {
          pendingEvaluations.put(
              id,
              new PendingEvaluation(
                  task,
                  new ChunkAssembler(
                      task.getModel().getParameterCount(), task.getModel().getChunkCount())));
        }
      }
      default ->
          sendEvaluation(
              task,
              SufficientStatistics.failure(
                  task.getEvaluationId(), siteId, "evaluate task names no model or baseline"));
    }
  }

  /** Caller holds {@code pending}. */
  private void onEvaluationChunk(RoundId id, ParameterChunk chunk) {
    PendingEvaluation evaluation = pendingEvaluations.get(id);
    if (evaluation == null) {
      LOG.fine(() -> siteId + ": model chunk for no pending evaluation " + id);
      return;
    }
    try {
      evaluation.model.add(chunk);
    } catch (MalformedChunkException e) {
      pendingEvaluations.remove(id);
      sendEvaluation(
          evaluation.task,
          SufficientStatistics.failure(
              evaluation.task.getEvaluationId(), siteId, "model malformed: " + e.getMessage()));
      return;
    }
    if (evaluation.model.isComplete()) {
      pendingEvaluations.remove(id);
      EvaluationSubject subject =
          new EvaluationSubject.Model(id.jobId(), id.round(), evaluation.model.values());
      worker.execute(() -> evaluate(evaluation.task, subject));
    }
  }

  /** The site's ledger, or one in memory limited only by each job's own budget when none is set. */
  private SitePrivacyLedger ledger() {
    SitePrivacyLedger ledger = privacyLedger;
    if (ledger == null) {
      synchronized (this) {
        if (privacyLedger == null) {
          privacyLedger =
              SitePrivacyLedger.inMemory(
                  "site", new PrivacyBudget(Double.MAX_VALUE, DifferentialPrivacy.DEFAULT_DELTA));
        }
        ledger = privacyLedger;
      }
    }
    return ledger;
  }

  private void evaluate(EvaluateTask task, EvaluationSubject subject) {
    EvaluationPrivacy release = evaluationPrivacy;
    try {
      EvaluationScope scope =
          task.hasEncodingStatistics()
              ? new EvaluationScope(
                  task.getJobId(),
                  task.getSplitSeed(),
                  SlotStatistics.fromProto(task.getEncodingStatistics()),
                  task.getModelSpec())
              : null;
      int minCount = SufficientStatistics.minCount(task.getMinCount());
      if (!release.isPrivate()) {
        MetricsAccumulator sums = evaluator.evaluate(task.getTask(), subject, scope);
        sendEvaluation(
            task, SufficientStatistics.toResult(task.getEvaluationId(), siteId, sums, minCount));
        return;
      }
      // a private release: admitted against the site's budget, charged before it is sent
      String ledgerJob = task.getJobId().isEmpty() ? task.getEvaluationId() : task.getJobId();
      PrivacyLedger.Charge charge = release.charge("evaluation " + task.getEvaluationId());
      SitePrivacyLedger ledger = ledger();
      ledger.admit(ledgerJob, charge);
      MetricsAccumulator bounded =
          evaluator.evaluate(task.getTask(), subject, scope, release.contributionBound());
      MetricsAccumulator noised = release.privatize(bounded, NoiseSource.secure());
      ledger.record(ledgerJob, charge);
      sendEvaluation(
          task,
          SufficientStatistics.toResult(task.getEvaluationId(), siteId, noised, minCount)
              .toBuilder()
              .setRelease(
                  org.transitionnet.proto.v1.EvaluationRelease.newBuilder()
                      .setEpsilon(release.epsilon())
                      .setDelta(release.delta())
                      .setNoiseMultiplier(charge.noiseMultiplier())
                      .setClipSds(release.clipSds()))
              .build());
    } catch (PrivacyBudgetExceededException e) {
      sendEvaluation(
          task, SufficientStatistics.failure(task.getEvaluationId(), siteId, e.getMessage()));
    } catch (EvaluationException | RuntimeException e) {
      LOG.log(Level.WARNING, siteId + ": evaluation failed", e);
      sendEvaluation(
          task,
          SufficientStatistics.failure(
              task.getEvaluationId(), siteId, "evaluation failed: " + e.getMessage()));
    } catch (LinkageError e) {
      LOG.log(Level.SEVERE, siteId + ": evaluation cannot run", e);
      sendEvaluation(
          task,
          SufficientStatistics.failure(
              task.getEvaluationId(), siteId, "evaluation failed: " + cannotRun(e)));
    }
  }

  /**
   * The reason for a task that failed because the site could not load code it needs (e.g. ND4J's
   * native library failed to load: the JVM will not try that class again, so every later task fails
   * the same way). Reported at once, so the coordinator does not wait out the round for a site that
   * silently lost its worker, and naming the cause, so the site's operator knows to fix it and
   * restart the node.
   */
  static String cannotRun(LinkageError e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String cause = root == e ? e.toString() : e + ", caused by " + root;
    return "this site cannot run the model: "
        + cause
        + " (a class or native library failed to load; its operator must fix the node's"
        + " installation and restart it)";
  }

  /** Sends the result of {@code task}, naming its job (for the site's outbound audit). */
  private void sendEvaluation(
      EvaluateTask task, org.transitionnet.proto.v1.EvaluationResult result) {
    send(
        SiteMessage.newBuilder()
            .setEvaluationResult(result.toBuilder().setJobId(task.getJobId()))
            .build());
  }

  private void startSecureRound(TrainTask task, double[] delta, LocalUpdate update) {
    RoundId id = ProtoMessages.roundId(task.getRef());
    if (secure == null) {
      fail(task.getRef(), "site " + siteId + " has no secure-aggregation identity");
      return;
    }
    int[] encoded = secure.encoding().encode(delta, update.sampleCount(), update.loss());
    SecureSiteRound round =
        new SecureSiteRound(id, task.getParticipants(), secure, encoded, this::send)
            .reportingEpsilonSpent(update.dpEpsilonSpent());
    secureRounds.keySet().removeIf(old -> old.jobId().equals(id.jobId()));
    secureRounds.put(id, round);
    try {
      round.start();
    } catch (SecAggException e) {
      secureRounds.remove(id);
      fail(task.getRef(), "secure aggregation: " + e.getMessage());
    }
  }

  private void onSecAgg(SecAggMessage message) {
    RoundId id = ProtoMessages.roundId(message.getRef());
    SecureSiteRound round = secureRounds.get(id);
    if (round == null) {
      LOG.fine(() -> siteId + ": secagg message for no secure round " + id);
      return;
    }
    try {
      if (round.onMessage(message)) {
        secureRounds.remove(id, round);
      }
    } catch (SecAggException | EnvelopeException | RuntimeException e) {
      LOG.log(Level.WARNING, siteId + ": secure aggregation of " + id + " failed", e);
      secureRounds.remove(id, round);
      fail(message.getRef(), "secure aggregation: " + e.getMessage());
    }
  }

  private void fail(RoundRef ref, String reason) {
    send(
        SiteMessage.newBuilder()
            .setTaskFailure(TaskFailure.newBuilder().setRef(ref).setReason(reason))
            .build());
  }

  private boolean send(SiteMessage message) {
    Consumer<SiteMessage> stream = outbound;
    if (stream == null) {
      LOG.info(() -> siteId + ": not connected, dropped " + message.getBodyCase());
      return false;
    }
    try {
      Consumer<SiteMessage> observer = tap;
      if (observer != null) {
        observer.accept(message);
      }
      stream.accept(message);
      Consumer<SiteMessage> sent = afterSend;
      if (sent != null) {
        sent.accept(message);
      }
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, siteId + ": send failed", e);
      return false;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  private record PendingTask(TrainTask task, ChunkAssembler model) {}

  private record PendingEvaluation(EvaluateTask task, ChunkAssembler model) {}
}
