package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transitionnet.proto.v1.EvaluationResult;
import org.transitionnet.proto.v1.JobDecision;
import org.transitionnet.proto.v1.ParameterChunk;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.proto.v1.SiteHello;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.StatisticsResult;
import org.transitionnet.proto.v1.TaskFailure;
import org.transitionnet.proto.v1.UpdateHeader;

/** Every kind of message a site sends is logged with the job (round, attempt) it belongs to. */
class OutboundAuditInterceptorTest {

  private static final RoundRef REF =
      RoundRef.newBuilder().setJobId("job-7").setRound(3).setAttempt(2).build();

  @Test
  void everyJobScopedMessage_namesItsJob_andRoundScopedOnesTheirRoundAndAttempt() {
    List<SiteMessage> roundScoped =
        List.of(
            SiteMessage.newBuilder().setUpdateHeader(UpdateHeader.newBuilder().setRef(REF)).build(),
            SiteMessage.newBuilder()
                .setUpdateChunk(ParameterChunk.newBuilder().setRef(REF))
                .build(),
            SiteMessage.newBuilder().setSecagg(SecAggMessage.newBuilder().setRef(REF)).build(),
            SiteMessage.newBuilder().setTaskFailure(TaskFailure.newBuilder().setRef(REF)).build());
    List<SiteMessage> jobScoped =
        List.of(
            SiteMessage.newBuilder()
                .setJobDecision(JobDecision.newBuilder().setJobId("job-7"))
                .build(),
            SiteMessage.newBuilder()
                .setEvaluationResult(EvaluationResult.newBuilder().setJobId("job-7"))
                .build(),
            SiteMessage.newBuilder()
                .setStatisticsResult(StatisticsResult.newBuilder().setJobId("job-7"))
                .build());

    Set<SiteMessage.BodyCase> covered = EnumSet.noneOf(SiteMessage.BodyCase.class);
    for (SiteMessage m : roundScoped) {
      assertThat(OutboundAuditInterceptor.scope(m))
          .as(m.getBodyCase().name())
          .isEqualTo(new OutboundAuditLog.Scope("job-7", 3, 2));
      covered.add(m.getBodyCase());
    }
    for (SiteMessage m : jobScoped) {
      assertThat(OutboundAuditInterceptor.scope(m))
          .as(m.getBodyCase().name())
          .isEqualTo(OutboundAuditLog.Scope.job("job-7"));
      covered.add(m.getBodyCase());
    }
    // a message kind added to the protocol later must be scoped here too (or listed as job-less)
    Set<SiteMessage.BodyCase> jobless =
        EnumSet.of(
            SiteMessage.BodyCase.HELLO,
            SiteMessage.BodyCase.HEARTBEAT,
            SiteMessage.BodyCase.BODY_NOT_SET);
    assertThat(EnumSet.complementOf(EnumSet.copyOf(jobless))).isEqualTo(covered);
    assertThat(
            OutboundAuditInterceptor.scope(
                SiteMessage.newBuilder().setHello(SiteHello.newBuilder().setSiteId("a")).build()))
        .isEqualTo(OutboundAuditLog.Scope.NONE);
  }
}
