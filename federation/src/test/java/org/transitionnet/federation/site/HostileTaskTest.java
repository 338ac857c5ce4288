package org.transitionnet.federation.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.JobOffer;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.TrainTask;

/**
 * A coordinator (hostile or broken) cannot make a site allocate what it likes: a train task for an
 * accepted job whose model size is huge, negative, not carried by its chunk count or not the size
 * the accepted offer declared is refused with a task failure, before anything is allocated.
 */
class HostileTaskTest {

  private final List<SiteMessage> sent = new CopyOnWriteArrayList<>();

  private SiteAgent acceptedJob(int parameterCount) {
    SiteAgent site =
        new SiteAgent(
            "site-a",
            SitePolicy.acceptAll("default"),
            (global, plan) -> fail("a refused task must not train"));
    site.attach(sent::add);
    site.onMessage(
        CoordinatorMessage.newBuilder()
            .setJobOffer(
                JobOffer.newBuilder()
                    .setSpec(
                        ProtoMessages.toProto(
                            JobSpec.of("job-1", StrategyKind.FEDAVG, 1, parameterCount))))
            .build());
    assertThat(sent.get(0).getJobDecision().getAccepted()).as(sent.get(0).toString()).isTrue();
    return site;
  }

  private static CoordinatorMessage task(int parameters, int chunks) {
    return CoordinatorMessage.newBuilder()
        .setTrainTask(
            TrainTask.newBuilder()
                .setRef(RoundRef.newBuilder().setJobId("job-1").setRound(1).setAttempt(1))
                .setParameterCount(parameters)
                .setChunkCount(chunks))
        .build();
  }

  @Test
  void hugeNegativeMisChunkedOrUndeclaredModels_areRefusedWithAReason() {
    SiteAgent site = acceptedJob(100);
    site.onMessage(task(Integer.MAX_VALUE, 1));
    site.onMessage(task(-5, 1));
    site.onMessage(task(100, 0));
    site.onMessage(task(100, 500));
    site.onMessage(task(101, 1));

    List<String> reasons =
        sent.stream()
            .filter(SiteMessage::hasTaskFailure)
            .map(m -> m.getTaskFailure().getReason())
            .toList();
    assertThat(reasons).hasSize(5).allMatch(r -> r.startsWith("refused task: "));
    assertThat(reasons.get(0)).contains("2147483647 parameters").contains("10000000");
    assertThat(reasons.get(1)).contains("-5 parameters");
    assertThat(reasons.get(2)).contains("0 chunks for 100 parameters");
    assertThat(reasons.get(3)).contains("500 chunks for 100 parameters");
    assertThat(reasons.get(4)).contains("101 parameters, but the accepted offer declared 100");
    site.close();
  }

  @Test
  void theDeclaredShape_isTaken() {
    SiteAgent site = acceptedJob(100);
    site.onMessage(task(100, 1));
    assertThat(sent.stream().filter(SiteMessage::hasTaskFailure)).isEmpty();
    site.close();
  }
}
