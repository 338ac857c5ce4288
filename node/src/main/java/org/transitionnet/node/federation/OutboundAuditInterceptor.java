package org.transitionnet.node.federation;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Locale;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.SiteMessage;

/**
 * Sits on every channel the node opens to the coordinator: logs each outbound message in the {@link
 * OutboundAuditLog} before it is sent (the job, round and attempt it belongs to, its kind, size and
 * digest; never its content), and shows every message in both directions to the {@link
 * FederationActivity}.
 */
final class OutboundAuditInterceptor implements ClientInterceptor {

  private final OutboundAuditLog audit;
  private final FederationActivity activity;

  OutboundAuditInterceptor(OutboundAuditLog audit, FederationActivity activity) {
    this.audit = audit;
    this.activity = activity;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                if (message instanceof CoordinatorMessage coordinatorMessage) {
                  activity.received(coordinatorMessage);
                }
                super.onMessage(message);
              }
            },
            headers);
      }

      @Override
      public void sendMessage(Q message) {
        if (message instanceof MessageLite lite) {
          audit.append(method.getFullMethodName(), kind(lite), scope(lite), lite.toByteArray());
        }
        if (message instanceof SiteMessage siteMessage) {
          activity.sent(siteMessage);
        }
        super.sendMessage(message);
      }
    };
  }

  /** The job, round and attempt an outbound message belongs to (none for hello, heartbeat). */
  static OutboundAuditLog.Scope scope(MessageLite message) {
    if (!(message instanceof SiteMessage m)) {
      return OutboundAuditLog.Scope.NONE;
    }
    return switch (m.getBodyCase()) {
      case JOB_DECISION -> OutboundAuditLog.Scope.job(m.getJobDecision().getJobId());
      case UPDATE_HEADER -> scope(m.getUpdateHeader().getRef());
      case UPDATE_CHUNK -> scope(m.getUpdateChunk().getRef());
      case SECAGG -> scope(m.getSecagg().getRef());
      case TASK_FAILURE -> scope(m.getTaskFailure().getRef());
      case EVALUATION_RESULT -> OutboundAuditLog.Scope.job(m.getEvaluationResult().getJobId());
      case STATISTICS_RESULT -> OutboundAuditLog.Scope.job(m.getStatisticsResult().getJobId());
      default -> OutboundAuditLog.Scope.NONE;
    };
  }

  private static OutboundAuditLog.Scope scope(RoundRef ref) {
    return new OutboundAuditLog.Scope(ref.getJobId(), ref.getRound(), ref.getAttempt());
  }

  private static String kind(MessageLite message) {
    if (message instanceof SiteMessage siteMessage) {
      return siteMessage.getBodyCase().name().toLowerCase(Locale.ROOT);
    }
    String simple = message.getClass().getSimpleName();
    return simple.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
