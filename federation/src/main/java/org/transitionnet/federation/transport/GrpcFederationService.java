package org.transitionnet.federation.transport;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.coordinator.SiteLink;
import org.transitionnet.federation.coordinator.SiteUnreachableException;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.FederationGrpc;
import org.transitionnet.proto.v1.SiteMessage;

/**
 * The coordinator's gRPC service: each site's outbound stream becomes a {@link SiteLink} of the
 * {@link Coordinator}, and each message goes to it with the authenticated site id. Sends honour the
 * stream's flow control, so a slow site cannot make the coordinator buffer whole models.
 */
public final class GrpcFederationService extends FederationGrpc.FederationImplBase {

  private static final Logger LOG = Logger.getLogger(GrpcFederationService.class.getName());

  private final Coordinator coordinator;
  private final SiteAuthenticator authenticator;
  private final Duration sendTimeout;

  public GrpcFederationService(Coordinator coordinator, SiteAuthenticator authenticator) {
    this(coordinator, authenticator, Duration.ofSeconds(60));
  }

  public GrpcFederationService(
      Coordinator coordinator, SiteAuthenticator authenticator, Duration sendTimeout) {
    this.coordinator = coordinator;
    this.authenticator = authenticator;
    this.sendTimeout = sendTimeout;
  }

  @Override
  public StreamObserver<SiteMessage> connect(StreamObserver<CoordinatorMessage> responses) {
    ServerCallStreamObserver<CoordinatorMessage> out =
        (ServerCallStreamObserver<CoordinatorMessage>) responses;
    StreamLink link = new StreamLink(out, sendTimeout);
    out.setOnReadyHandler(link::ready);
    out.setOnCancelHandler(link::gone);
    StreamObserver<SiteMessage> requests =
        new StreamObserver<>() {
          @Override
          public void onNext(SiteMessage message) {
            String siteId = link.siteId;
            if (siteId == null) {
              if (!message.hasHello()) {
                link.fail(
                    Status.FAILED_PRECONDITION.withDescription("first message must be hello"));
                return;
              }
              try {
                siteId = authenticator.authenticate(message.getHello());
              } catch (StatusException e) {
                LOG.info(() -> "refused site stream: " + e.getStatus());
                link.fail(e.getStatus());
                return;
              }
              link.siteId = siteId;
              coordinator.siteConnected(siteId, link);
              return;
            }
            coordinator.onMessage(siteId, message, link);
          }

          @Override
          public void onError(Throwable t) {
            LOG.log(Level.FINE, "site stream " + link.label() + " broke", t);
            ended(link);
          }

          @Override
          public void onCompleted() {
            if (link.siteId != null) {
              coordinator.siteDisconnected(link.siteId, link);
            }
            link.complete();
          }
        };
    // a call the server closes on its own (a revoked site's stream, ended by an interceptor)
    // gets neither onError nor onCompleted: the site must still leave the connected sites
    out.setOnCloseHandler(() -> ended(link));
    return requests;
  }

  /** The stream broke or was closed: nothing more is sent on it, its site is disconnected. */
  private void ended(StreamLink link) {
    link.gone();
    String siteId = link.siteId;
    if (siteId != null) {
      coordinator.siteDisconnected(siteId, link);
    }
  }

  private static final class StreamLink implements SiteLink {
    private final ServerCallStreamObserver<CoordinatorMessage> out;
    private final long sendTimeoutNanos;

    /** Null until the site's hello is authenticated. */
    private volatile String siteId;

    private boolean closed;

    StreamLink(ServerCallStreamObserver<CoordinatorMessage> out, Duration sendTimeout) {
      this.out = out;
      this.sendTimeoutNanos = sendTimeout.toNanos();
    }

    @Override
    public synchronized void send(CoordinatorMessage message) throws SiteUnreachableException {
      long deadline = System.nanoTime() + sendTimeoutNanos;
      try {
        while (!closed && !out.isReady()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new SiteUnreachableException(label(), "stream not ready within send timeout");
          }
          // poll: the onReady callback may be queued behind the caller on the call's executor
          wait(Math.max(1, Math.min(5, left / 1_000_000)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SiteUnreachableException(label(), "interrupted");
      }
      if (closed) {
        throw new SiteUnreachableException(label(), "stream closed");
      }
      try {
        out.onNext(message);
      } catch (RuntimeException e) {
        closed = true;
        throw new SiteUnreachableException(label(), e.toString());
      }
    }

    /** The site's id, "?" before its hello is authenticated (for messages). */
    String label() {
      String id = siteId;
      return id == null ? "?" : id;
    }

    synchronized void ready() {
      notifyAll();
    }

    synchronized void gone() {
      closed = true;
      notifyAll();
    }

    synchronized void complete() {
      if (!closed) {
        closed = true;
        out.onCompleted();
      }
      notifyAll();
    }

    synchronized void fail(Status status) {
      if (!closed) {
        closed = true;
        out.onError(status.asRuntimeException());
      }
      notifyAll();
    }
  }
}
