package org.transitionnet.federation.transport;

import java.time.Duration;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.site.RoundPrivacy;
import org.transitionnet.proto.v1.DpLevel;
import org.transitionnet.proto.v1.DpSettings;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.Strategy;

/** Conversions between the wire messages and the domain records. */
public final class ProtoMessages {

  private ProtoMessages() {}

  public static RoundRef ref(RoundId id) {
    return RoundRef.newBuilder()
        .setJobId(id.jobId())
        .setRound(id.round())
        .setAttempt(id.attempt())
        .build();
  }

  public static RoundId roundId(RoundRef ref) {
    return new RoundId(ref.getJobId(), ref.getRound(), ref.getAttempt());
  }

  public static org.transitionnet.proto.v1.JobSpec toProto(JobSpec job) {
    return org.transitionnet.proto.v1.JobSpec.newBuilder()
        .setJobId(job.jobId())
        .setConsortium(job.consortium())
        .setResearcher(job.researcher())
        .setTask(job.task())
        .setModelSpec(job.modelSpec())
        .setStrategy(Strategy.valueOf(job.strategy().name()))
        .setRounds(job.rounds())
        .setLocalSteps(job.localSteps())
        .setLearningRate(job.learningRate())
        .setProximalMu(job.proximalMu())
        .setServerLearningRate(job.serverLearningRate())
        .setMinSites(job.minSites())
        .setRoundTimeoutMillis(job.roundTimeout().toMillis())
        .setSecureAggregation(job.secureAggregation())
        .setSeed(job.seed())
        .setParameterCount(job.parameterCount())
        .setDpLevel(toProto(job.privacy().level()))
        .setDpEpsilon(job.privacy().epsilon())
        .setDpDelta(job.privacy().delta())
        .setDpClipNorm(job.privacy().clipNorm())
        .build();
  }

  public static DpLevel toProto(DifferentialPrivacy.Level level) {
    return switch (level) {
      case NONE -> DpLevel.DP_NONE;
      case RECORD -> DpLevel.DP_RECORD;
      case CLIENT -> DpLevel.DP_CLIENT;
    };
  }

  /**
   * The domain level of a wire level; unspecified (an older sender) reads as RECORD when it names
   * an epsilon, else NONE.
   */
  public static DifferentialPrivacy.Level toDomain(DpLevel level, double epsilon) {
    return switch (level) {
      case DP_RECORD -> DifferentialPrivacy.Level.RECORD;
      case DP_CLIENT -> DifferentialPrivacy.Level.CLIENT;
      case DP_NONE -> DifferentialPrivacy.Level.NONE;
      case DP_LEVEL_UNSPECIFIED ->
          epsilon > 0 ? DifferentialPrivacy.Level.RECORD : DifferentialPrivacy.Level.NONE;
      default -> throw new IllegalArgumentException("unknown DP level " + level);
    };
  }

  /**
   * The DP a job's train task carries: the settings, the job's rounds (record level) and, for
   * client level, σ for the job's rounds and the job's minimum sites as the number of noise shares.
   */
  public static DpSettings dpSettings(JobSpec job) {
    DifferentialPrivacy dp = job.privacy();
    DpSettings.Builder out = DpSettings.newBuilder().setLevel(toProto(dp.level()));
    if (!dp.enabled()) {
      return out.build();
    }
    out.setEpsilon(dp.epsilon())
        .setDelta(dp.delta())
        .setClipNorm(dp.clipNorm())
        .setPlannedRounds(job.rounds());
    if (dp.level() == DifferentialPrivacy.Level.CLIENT) {
      out.setNoiseMultiplier(dp.clientNoiseMultiplier(job.rounds())).setNoiseShares(job.minSites());
    }
    return out.build();
  }

  /**
   * The round's DP of a train task's settings (none when absent).
   *
   * @throws IllegalArgumentException when the settings are not valid
   */
  public static RoundPrivacy roundPrivacy(DpSettings dp) {
    DifferentialPrivacy.Level level = toDomain(dp.getLevel(), dp.getEpsilon());
    if (level == DifferentialPrivacy.Level.NONE) {
      return RoundPrivacy.none();
    }
    return new RoundPrivacy(
        new DifferentialPrivacy(level, dp.getEpsilon(), dp.getDelta(), dp.getClipNorm()),
        dp.getPlannedRounds(),
        dp.getNoiseMultiplier(),
        dp.getNoiseShares());
  }

  /** The job's DP as a wire job carries it (defaults for an absent δ or clip norm). */
  public static DifferentialPrivacy privacy(org.transitionnet.proto.v1.JobSpec job) {
    DifferentialPrivacy.Level level = toDomain(job.getDpLevel(), job.getDpEpsilon());
    if (level == DifferentialPrivacy.Level.NONE) {
      return DifferentialPrivacy.none();
    }
    return new DifferentialPrivacy(
        level,
        job.getDpEpsilon(),
        job.getDpDelta() > 0 ? job.getDpDelta() : DifferentialPrivacy.DEFAULT_DELTA,
        job.getDpClipNorm() > 0 ? job.getDpClipNorm() : DifferentialPrivacy.DEFAULT_CLIP_NORM);
  }

  /**
   * The domain job of a wire job.
   *
   * @throws IllegalArgumentException when the message does not describe a valid job
   */
  public static JobSpec toDomain(org.transitionnet.proto.v1.JobSpec job) {
    if (job.getStrategy() == Strategy.STRATEGY_UNSPECIFIED
        || job.getStrategy() == Strategy.UNRECOGNIZED) {
      throw new IllegalArgumentException("job " + job.getJobId() + " names no known strategy");
    }
    return new JobSpec(
        job.getJobId(),
        job.getConsortium(),
        job.getResearcher(),
        job.getTask(),
        job.getModelSpec(),
        StrategyKind.valueOf(job.getStrategy().name()),
        job.getRounds(),
        job.getLocalSteps(),
        job.getLearningRate(),
        job.getProximalMu(),
        job.getServerLearningRate(),
        job.getMinSites(),
        Duration.ofMillis(job.getRoundTimeoutMillis()),
        job.getSecureAggregation(),
        job.getSeed(),
        job.getParameterCount(),
        privacy(job));
  }
}
