package org.transitionnet.federation.coordinator;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.transitionnet.federation.aggregation.AggregationProtocol;
import org.transitionnet.federation.aggregation.AggregationSession;
import org.transitionnet.federation.aggregation.UpdateRejectedException;
import org.transitionnet.federation.aggregation.WeightedMean;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.aggregation.secure.SecureRound;
import org.transitionnet.federation.aggregation.secure.SecureUpdateEncoding;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.federation.store.RoundRepository;
import org.transitionnet.federation.strategy.ServerStep;
import org.transitionnet.federation.strategy.Strategy;
import org.transitionnet.federation.transport.ParameterChunks;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.DpSettings;
import org.transitionnet.proto.v1.ParameterChunk;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.RoundRefusal.Reason;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.proto.v1.TrainTask;
import org.transitionnet.proto.v1.UpdateHeader;
import org.transitionnet.proto.v1.UploadReceipt;

/**
 * Runs single rounds on the coordinator: sends the task and the global model to the participants,
 * streams their uploads into the aggregate, closes when every participant has reported or failed,
 * or at the deadline, applies the strategy, and commits the round record together with the new
 * model.
 *
 * <p>Every upload message names its job, round and attempt; one for a round that is not open
 * (closed, older attempt, never started) is refused, never carried into another round. Because the
 * aggregate is a running sum, a site whose upload is cut off midway spoils the attempt: the attempt
 * then fails and the round runs again with the next attempt.
 */
public final class RoundEngine {

  private static final Logger LOG = Logger.getLogger(RoundEngine.class.getName());

  private final ConnectedSites sites;
  private final RoundRepository rounds;
  private final AggregationProtocol aggregation;
  private final SecureAggregation secureAggregation;
  private final Clock clock;
  private final Map<String, OpenRound> open = new ConcurrentHashMap<>();
  private final Map<String, RoundId> lastClosed = new ConcurrentHashMap<>();

  public RoundEngine(
      ConnectedSites sites, RoundRepository rounds, AggregationProtocol aggregation, Clock clock) {
    this(sites, rounds, aggregation, null, clock);
  }

  /**
   * @param secureAggregation runs the rounds of jobs that ask for secure aggregation; null when
   *     this coordinator cannot (such rounds then fail)
   */
  public RoundEngine(
      ConnectedSites sites,
      RoundRepository rounds,
      AggregationProtocol aggregation,
      SecureAggregation secureAggregation,
      Clock clock) {
    this.sites = sites;
    this.rounds = rounds;
    this.aggregation = aggregation;
    this.secureAggregation = secureAggregation;
    this.clock = clock;
  }

  /**
   * Runs one attempt of a round from {@code global} and blocks until it closes.
   *
   * @param participants the sites that accepted the job and are asked to train
   */
  public RoundOutcome run(JobSpec job, ModelVersion global, RoundId id, List<String> participants)
      throws InterruptedException {
    return run(job, global, id, participants, null);
  }

  /**
   * Runs one attempt of a round whose train tasks carry the job's pooled feature statistics.
   *
   * @param statistics sent with every train task; {@code null} = none
   */
  public RoundOutcome run(
      JobSpec job,
      ModelVersion global,
      RoundId id,
      List<String> participants,
      SlotStatistics statistics)
      throws InterruptedException {
    if (global.parameters().length != job.parameterCount()) {
      throw new IllegalArgumentException("model does not have the job's parameter count");
    }
    Instant started = clock.instant();
    Instant deadline = started.plus(job.roundTimeout());
    AggregationSession session = aggregation.open(id, job.parameterCount());
    OpenRound round = new OpenRound(id, job, new TreeSet<>(participants), session);
    round.statistics = statistics;
    if (job.secureAggregation()) {
      if (secureAggregation == null) {
        return new RoundOutcome.Failed(
            id, "the job asks for secure aggregation; this coordinator has none configured");
      }
      round.secure =
          new SecureRound(
              id,
              job.parameterCount(),
              round.participants,
              secureAggregation,
              (site, message) -> send(round, site, message),
              () -> {
                synchronized (round) {
                  round.notifyAll();
                }
              });
    }
    if (open.putIfAbsent(id.jobId(), round) != null) {
      throw new IllegalStateException("job " + id.jobId() + " already has an open round");
    }
    try {
      distribute(round, global, deadline);
      synchronized (round) {
        while (!round.allSettled()) {
          long left = deadline.toEpochMilli() - clock.millis();
          if (left <= 0) {
            break;
          }
          round.wait(left);
        }
        round.closed = true;
      }
      if (round.secure != null) {
        round.secure.expire();
      }
    } finally {
      open.remove(id.jobId(), round);
      lastClosed.merge(id.jobId(), id, (a, b) -> later(a, b));
    }
    return close(round, global, started);
  }

  private RoundOutcome close(OpenRound round, ModelVersion global, Instant started) {
    RoundId id = round.id;
    if (round.secure != null) {
      return closeSecure(round, global, started);
    }
    Set<String> partial = round.session.incomplete();
    if (!partial.isEmpty()) {
      return new RoundOutcome.Failed(
          id, "uploads of " + partial + " were cut off; the partial sum is discarded");
    }
    Set<String> reported = round.session.completed();
    if (reported.size() < round.job.minSites()) {
      return new RoundOutcome.Failed(
          id,
          reported.size()
              + " of "
              + round.participants.size()
              + " sites reported, the job needs "
              + round.job.minSites()
              + (round.failures.isEmpty() ? "" : "; failures: " + round.failures));
    }
    WeightedMean mean = round.session.finish();
    ServerStep step =
        Strategy.forJob(round.job)
            .apply(global.parameters(), global.optimizerState(), mean.values());
    Instant closed = clock.instant();
    double lossSum = 0;
    long samples = 0;
    for (String site : reported) {
      UpdateHeader header = round.uploads.get(site).header;
      lossSum += header.getLoss() * header.getSampleCount();
      samples += header.getSampleCount();
    }
    RoundRecord record =
        new RoundRecord(
            id.jobId(),
            id.round(),
            id.attempt(),
            List.copyOf(round.participants),
            List.copyOf(reported),
            samples,
            samples == 0 ? 0 : lossSum / samples,
            reported.size() == round.participants.size()
                ? RoundRecord.ClosedBy.ALL_REPORTED
                : RoundRecord.ClosedBy.DEADLINE,
            started,
            closed,
            epsilonOf(round, reported),
            failuresOf(round));
    ModelVersion model =
        new ModelVersion(id.jobId(), id.round(), step.parameters(), step.state(), closed);
    rounds.commit(record, model);
    return new RoundOutcome.Completed(id, record, model);
  }

  /** The ε each reported site says the job has spent there (only for jobs with DP). */
  private static Map<String, Double> epsilonOf(OpenRound round, Set<String> reported) {
    Map<String, Double> out = new java.util.TreeMap<>();
    if (!round.job.privacy().enabled()) {
      return out;
    }
    synchronized (round) {
      for (String site : reported) {
        Upload upload = round.uploads.get(site);
        Double epsilon =
            upload != null ? upload.header.getDpEpsilonSpent() : round.epsilonSpent.get(site);
        out.put(site, epsilon == null ? 0.0 : epsilon);
      }
    }
    return out;
  }

  private static Map<String, String> failuresOf(OpenRound round) {
    synchronized (round) {
      return new java.util.TreeMap<>(round.failures);
    }
  }

  private RoundOutcome closeSecure(OpenRound round, ModelVersion global, Instant started) {
    RoundId id = round.id;
    if (round.secure.result().isEmpty()) {
      return new RoundOutcome.Failed(
          id,
          round.secure.failure().orElse("secure aggregation did not finish")
              + (round.failures.isEmpty() ? "" : "; failures: " + round.failures));
    }
    SecureUpdateEncoding.Decoded decoded = round.secure.result().get();
    WeightedMean mean = decoded.mean();
    if (mean.contributors() < round.job.minSites()) {
      return new RoundOutcome.Failed(
          id,
          mean.contributors()
              + " of "
              + round.participants.size()
              + " sites are in the secure sum, the job needs "
              + round.job.minSites());
    }
    return commit(
        round,
        global,
        started,
        mean,
        round.secure.contributors(),
        mean.totalWeight(),
        decoded.loss());
  }

  private RoundOutcome commit(
      OpenRound round,
      ModelVersion global,
      Instant started,
      WeightedMean mean,
      Set<String> reported,
      long samples,
      double loss) {
    RoundId id = round.id;
    ServerStep step =
        Strategy.forJob(round.job)
            .apply(global.parameters(), global.optimizerState(), mean.values());
    Instant closed = clock.instant();
    RoundRecord record =
        new RoundRecord(
            id.jobId(),
            id.round(),
            id.attempt(),
            List.copyOf(round.participants),
            List.copyOf(reported),
            samples,
            loss,
            reported.size() == round.participants.size()
                ? RoundRecord.ClosedBy.ALL_REPORTED
                : RoundRecord.ClosedBy.DEADLINE,
            started,
            closed,
            epsilonOf(round, reported),
            failuresOf(round));
    ModelVersion model =
        new ModelVersion(id.jobId(), id.round(), step.parameters(), step.state(), closed);
    rounds.commit(record, model);
    return new RoundOutcome.Completed(id, record, model);
  }

  private void distribute(OpenRound round, ModelVersion global, Instant deadline) {
    RoundRef ref = ProtoMessages.ref(round.id);
    double[] parameters = global.parameters();
    int chunks = ParameterChunks.count(parameters.length);
    JobSpec job = round.job;
    List<String> reached = new ArrayList<>();
    DpSettings dp = ProtoMessages.dpSettings(job);
    for (String site : round.participants) {
      TrainTask.Builder task =
          TrainTask.newBuilder()
              .setRef(ref)
              .setModelVersion(global.version())
              .setParameterCount(parameters.length)
              .setChunkCount(chunks)
              .setLocalSteps(job.localSteps())
              .setLearningRate(job.learningRate())
              .setProximalMu(job.proximalMu())
              .setDeadline(
                  Timestamp.newBuilder()
                      .setSeconds(deadline.getEpochSecond())
                      .setNanos(deadline.getNano()))
              .setSeed(siteSeed(job.seed(), round.id.round(), site))
              .setSecureAggregation(job.secureAggregation())
              .setParticipants(round.participants.size())
              .setDp(dp);
      if (round.statistics != null) {
        task.setEncodingStatistics(round.statistics.toProto());
      }
      if (send(round, site, CoordinatorMessage.newBuilder().setTrainTask(task).build())) {
        reached.add(site);
      }
    }
    // one chunk message per index, shared by every site's stream
    for (int i = 0; i < chunks && !reached.isEmpty(); i++) {
      CoordinatorMessage message =
          CoordinatorMessage.newBuilder()
              .setModelChunk(ParameterChunks.chunk(ref, parameters, i))
              .build();
      reached.removeIf(site -> !send(round, site, message));
    }
  }

  private boolean send(OpenRound round, String site, CoordinatorMessage message) {
    try {
      SiteLink link =
          sites.link(site).orElseThrow(() -> new SiteUnreachableException(site, "not connected"));
      link.send(message);
      return true;
    } catch (SiteUnreachableException e) {
      siteFailed(round, site, e.getMessage());
      return false;
    }
  }

  /** Seed of a site's local randomness in a round: stable for the same job seed. */
  public static long siteSeed(long jobSeed, int round, String siteId) {
    long h = jobSeed * 0x9E3779B97F4A7C15L + round * 0xC2B2AE3D27D4EB4FL;
    for (int i = 0; i < siteId.length(); i++) {
      h = (h ^ siteId.charAt(i)) * 0x100000001B3L;
    }
    return h ^ (h >>> 31);
  }

  /** A site announces its update for a round. */
  public void onUpdateHeader(String siteId, UpdateHeader header) throws RoundRefusedException {
    RoundId id = ProtoMessages.roundId(header.getRef());
    OpenRound round = openRound(id, siteId);
    synchronized (round) {
      checkOpen(round, id);
      if (round.uploads.containsKey(siteId)) {
        throw new RoundRefusedException(id, Reason.DUPLICATE, "site " + siteId + " already sent");
      }
      int expectedChunks = ParameterChunks.count(round.job.parameterCount());
      if (header.getParameterCount() != round.job.parameterCount()
          || header.getChunkCount() != expectedChunks) {
        throw new RoundRefusedException(
            id,
            Reason.MALFORMED,
            "update of "
                + header.getParameterCount()
                + " values in "
                + header.getChunkCount()
                + " chunks, expected "
                + round.job.parameterCount()
                + " in "
                + expectedChunks);
      }
      try {
        round.session.begin(siteId, header.getSampleCount());
      } catch (UpdateRejectedException e) {
        throw new RoundRefusedException(id, Reason.MALFORMED, e.getMessage());
      }
      round.uploads.put(siteId, new Upload(header));
    }
  }

  /** A slice of a site's update. Returns the receipt to send when it was the last one. */
  public void onUpdateChunk(String siteId, ParameterChunk chunk, SiteLink replyTo)
      throws RoundRefusedException {
    RoundId id = ProtoMessages.roundId(chunk.getRef());
    OpenRound round = openRound(id, siteId);
    Upload upload;
    synchronized (round) {
      checkOpen(round, id);
      upload = round.uploads.get(siteId);
      if (upload == null) {
        throw new RoundRefusedException(id, Reason.MALFORMED, "chunk before the update header");
      }
      if (upload.done
          || chunk.getIndex() != upload.nextIndex
          || chunk.getOffset() != upload.nextOffset
          || chunk.getCount() != upload.header.getChunkCount()) {
        throw new RoundRefusedException(
            id,
            Reason.MALFORMED,
            "chunk "
                + chunk.getIndex()
                + " at "
                + chunk.getOffset()
                + ", expected "
                + upload.nextIndex
                + " at "
                + upload.nextOffset);
      }
    }
    try {
      round.session.accept(siteId, chunk.getOffset(), ParameterChunks.values(chunk));
    } catch (UpdateRejectedException e) {
      throw new RoundRefusedException(id, Reason.MALFORMED, e.getMessage());
    } catch (IllegalStateException e) {
      throw new RoundRefusedException(id, Reason.ROUND_CLOSED, "the round closed");
    }
    boolean last;
    synchronized (round) {
      upload.nextIndex++;
      upload.nextOffset += chunk.getValuesCount();
      last = upload.nextIndex == upload.header.getChunkCount();
      if (last) {
        if (upload.nextOffset != round.job.parameterCount()) {
          throw new RoundRefusedException(
              id, Reason.MALFORMED, "update ended at " + upload.nextOffset + " values");
        }
        try {
          round.session.complete(siteId);
        } catch (UpdateRejectedException e) {
          throw new RoundRefusedException(id, Reason.MALFORMED, e.getMessage());
        }
        upload.done = true;
        round.notifyAll();
      }
    }
    if (last && replyTo != null) {
      try {
        replyTo.send(
            CoordinatorMessage.newBuilder()
                .setUploadReceipt(
                    UploadReceipt.newBuilder()
                        .setRef(chunk.getRef())
                        .setAcceptedValues(round.job.parameterCount()))
                .build());
      } catch (SiteUnreachableException e) {
        LOG.log(Level.FINE, "receipt not delivered", e);
      }
    }
  }

  /** A secure-aggregation message of a site for a round. */
  public void onSecAgg(String siteId, SecAggMessage message) throws RoundRefusedException {
    RoundId id = ProtoMessages.roundId(message.getRef());
    OpenRound round = openRound(id, siteId);
    synchronized (round) {
      checkOpen(round, id);
      if (round.secure == null) {
        throw new RoundRefusedException(
            id, Reason.MALFORMED, "round " + id + " does not use secure aggregation");
      }
    }
    try {
      round.secure.onMessage(siteId, message);
    } catch (SecureRound.RefusedException e) {
      throw new RoundRefusedException(id, Reason.MALFORMED, e.getMessage());
    }
    if (message.hasMaskedInput()) {
      synchronized (round) {
        round.epsilonSpent.put(siteId, message.getMaskedInput().getDpEpsilonSpent());
      }
    }
  }

  /** A site reports it cannot do the task of a round. */
  public void onTaskFailure(String siteId, RoundId id, String reason) throws RoundRefusedException {
    OpenRound round = openRound(id, siteId);
    siteFailed(round, siteId, reason);
  }

  /** A site's stream ended: it will not report in any open round. */
  public void onSiteGone(String siteId) {
    for (OpenRound round : open.values()) {
      if (round.participants.contains(siteId)) {
        siteFailed(round, siteId, "disconnected");
      }
    }
  }

  private void siteFailed(OpenRound round, String siteId, String reason) {
    if (round.secure != null) {
      synchronized (round) {
        round.failures.put(siteId, reason);
      }
      round.secure.siteFailed(siteId);
      return;
    }
    synchronized (round) {
      Upload upload = round.uploads.get(siteId);
      if (upload != null && upload.done) {
        return;
      }
      round.failures.put(siteId, reason);
      round.notifyAll();
    }
  }

  private OpenRound openRound(RoundId id, String siteId) throws RoundRefusedException {
    OpenRound round = open.get(id.jobId());
    if (round == null || !round.id.equals(id)) {
      RoundId reference = round != null ? round.id : lastClosed.get(id.jobId());
      boolean past =
          reference != null
              && (round != null ? compare(id, reference) < 0 : compare(id, reference) <= 0);
      if (past) {
        throw new RoundRefusedException(
            id, Reason.ROUND_CLOSED, "round " + id + " is closed; late updates are not used");
      }
      throw new RoundRefusedException(id, Reason.UNKNOWN_ROUND, "no such round is open");
    }
    if (!round.participants.contains(siteId)) {
      throw new RoundRefusedException(
          id, Reason.NOT_A_PARTICIPANT, "site " + siteId + " was not asked in this round");
    }
    return round;
  }

  private static void checkOpen(OpenRound round, RoundId id) throws RoundRefusedException {
    if (round.closed) {
      throw new RoundRefusedException(
          id, Reason.ROUND_CLOSED, "round " + id + " closed at its deadline");
    }
  }

  private static RoundId later(RoundId a, RoundId b) {
    return compare(a, b) >= 0 ? a : b;
  }

  private static int compare(RoundId a, RoundId b) {
    return a.round() != b.round()
        ? Integer.compare(a.round(), b.round())
        : Integer.compare(a.attempt(), b.attempt());
  }

  private static final class Upload {
    final UpdateHeader header;
    int nextIndex;
    int nextOffset;
    boolean done;

    Upload(UpdateHeader header) {
      this.header = header;
    }
  }

  private static final class OpenRound {
    final RoundId id;
    final JobSpec job;
    final Set<String> participants;
    final AggregationSession session;
    final Map<String, Upload> uploads = new HashMap<>();
    final Map<String, String> failures = new HashMap<>();
    final Map<String, Double> epsilonSpent = new HashMap<>();
    volatile SecureRound secure;
    volatile SlotStatistics statistics;
    boolean closed;

    OpenRound(RoundId id, JobSpec job, Set<String> participants, AggregationSession session) {
      this.id = id;
      this.job = job;
      this.participants = participants;
      this.session = session;
    }

    boolean allSettled() {
      if (secure != null) {
        return secure.settled();
      }
      Set<String> settled = new HashSet<>(failures.keySet());
      for (Map.Entry<String, Upload> e : uploads.entrySet()) {
        if (e.getValue().done) {
          settled.add(e.getKey());
        }
      }
      return settled.containsAll(participants);
    }
  }
}
