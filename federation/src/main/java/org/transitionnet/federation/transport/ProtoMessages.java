package org.transitionnet.federation.transport;

import java.time.Duration;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.job.StrategyKind;
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
        .build();
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
        job.getParameterCount());
  }
}
