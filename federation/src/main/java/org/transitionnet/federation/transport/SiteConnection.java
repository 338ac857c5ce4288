package org.transitionnet.federation.transport;

import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.FederationGrpc;
import org.transitionnet.proto.v1.Heartbeat;
import org.transitionnet.proto.v1.SiteHello;
import org.transitionnet.proto.v1.SiteMessage;

/**
 * The site's outbound stream to the coordinator: opens it, says hello, hands the coordinator's
 * messages to the {@link SiteAgent}, sends heartbeats, and reopens it with backoff whenever it
 * breaks. The caller owns the channel and the scheduler.
 */
public final class SiteConnection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SiteConnection.class.getName());

  private final Channel channel;
  private final SiteAgent agent;
  private final SiteHello hello;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final Random jitter;
  private final Object lock = new Object();
  private StreamObserver<SiteMessage> requests;
  private ScheduledFuture<?> heartbeat;
  private int failedAttempts;
  private int streamsOpened;
  private boolean welcomed;
  private boolean closed;

  public SiteConnection(
      Channel channel,
      SiteAgent agent,
      String nodeVersion,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this.channel = channel;
    this.agent = agent;
    this.hello =
        SiteHello.newBuilder()
            .setSiteId(agent.siteId())
            .setNodeVersion(nodeVersion)
            .addProtocols("transitionnet.v1")
            .build();
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.jitter = new Random(agent.siteId().hashCode());
  }

  /** Opens the stream (and keeps reopening it until {@link #close()}). */
  public void start() {
    open();
  }

  /** Whether the coordinator has welcomed the current stream. */
  public boolean isConnected() {
    synchronized (lock) {
      return welcomed;
    }
  }

  /** How many streams were opened so far (1 + reconnects). */
  public int streamsOpened() {
    synchronized (lock) {
      return streamsOpened;
    }
  }

  private void open() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      streamsOpened++;
      welcomed = false;
      Responses responses = new Responses();
      try {
        StreamObserver<SiteMessage> stream = FederationGrpc.newStub(channel).connect(responses);
        responses.stream = stream;
        if (responses.endedEarly) {
          scheduleReconnect(null);
          return;
        }
        requests = stream;
        stream.onNext(SiteMessage.newBuilder().setHello(hello).build());
        agent.attach(message -> send(stream, message));
      } catch (RuntimeException e) {
        // run on the scheduler, an exception here would end the reconnect loop for good (the
        // scheduled task just fails) and leave the site disconnected until the node restarts
        requests = null;
        agent.attach(null);
        scheduleReconnect(e);
      }
    }
  }

  /** Caller holds {@code lock}. */
  private void scheduleReconnect(Throwable cause) {
    if (closed) {
      return;
    }
    Duration delay = backoff.delay(failedAttempts++, jitter);
    LOG.log(Level.INFO, agent.siteId() + ": stream ended, reconnecting in " + delay, cause);
    scheduler.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void send(StreamObserver<SiteMessage> stream, SiteMessage message) {
    synchronized (lock) {
      if (requests != stream) {
        throw new IllegalStateException("stream replaced");
      }
      stream.onNext(message);
    }
  }

  private void broken(Responses responses, Throwable cause) {
    synchronized (lock) {
      if (responses.stream == null) {
        // the call failed inside connect(): open() sees the flag and retries
        responses.endedEarly = true;
        return;
      }
      if (requests == null || requests != responses.stream) {
        return;
      }
      requests = null;
      welcomed = false;
      agent.attach(null);
      if (heartbeat != null) {
        heartbeat.cancel(false);
        heartbeat = null;
      }
      scheduleReconnect(cause);
    }
  }

  private void welcomed(Responses responses, int heartbeatSeconds) {
    synchronized (lock) {
      StreamObserver<SiteMessage> stream = responses.stream;
      if (requests == null || requests != stream) {
        return;
      }
      welcomed = true;
      failedAttempts = 0;
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      long period = Math.max(1, heartbeatSeconds);
      heartbeat =
          scheduler.scheduleAtFixedRate(() -> beat(stream), period, period, TimeUnit.SECONDS);
    }
  }

  private void beat(StreamObserver<SiteMessage> stream) {
    Instant now = Instant.now();
    try {
      send(
          stream,
          SiteMessage.newBuilder()
              .setHeartbeat(
                  Heartbeat.newBuilder()
                      .setSent(
                          Timestamp.newBuilder()
                              .setSeconds(now.getEpochSecond())
                              .setNanos(now.getNano())))
              .build());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "heartbeat not sent", e);
    }
  }

  @Override
  public void close() {
    StreamObserver<SiteMessage> stream;
    synchronized (lock) {
      closed = true;
      stream = requests;
      requests = null;
      agent.attach(null);
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
    }
    if (stream != null) {
      try {
        stream.onCompleted();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "close", e);
      }
    }
  }

  private final class Responses implements StreamObserver<CoordinatorMessage> {
    volatile StreamObserver<SiteMessage> stream;
    boolean endedEarly;

    @Override
    public void onNext(CoordinatorMessage message) {
      if (message.hasWelcome()) {
        welcomed(this, message.getWelcome().getHeartbeatSeconds());
      }
      agent.onMessage(message);
    }

    @Override
    public void onError(Throwable t) {
      broken(this, t);
    }

    @Override
    public void onCompleted() {
      broken(this, null);
    }
  }
}
