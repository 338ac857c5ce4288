package org.transitionnet.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.FederationGrpc;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.Welcome;

/** The site's stream keeps reconnecting whatever goes wrong while it reopens. */
class SiteConnectionTest {

  private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2);

  /**
   * The coordinator ends the first stream; reopening it then fails inside the channel (an
   * exception, not a failed call), on the scheduler's thread: the site must still come back.
   */
  @Test
  void anExceptionWhileReopening_doesNotEndTheReconnectLoop() throws Exception {
    AtomicInteger streams = new AtomicInteger();
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new FederationGrpc.FederationImplBase() {
                  @Override
                  public StreamObserver<SiteMessage> connect(
                      StreamObserver<CoordinatorMessage> responses) {
                    boolean first = streams.incrementAndGet() == 1;
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(SiteMessage message) {
                        if (first) {
                          responses.onError(Status.UNAVAILABLE.asRuntimeException());
                        } else {
                          responses.onNext(
                              CoordinatorMessage.newBuilder()
                                  .setWelcome(Welcome.newBuilder().setHeartbeatSeconds(60))
                                  .build());
                        }
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        responses.onCompleted();
                      }
                    };
                  }
                })
            .build()
            .start();
    ManagedChannel inner = InProcessChannelBuilder.forName(name).directExecutor().build();
    AtomicInteger calls = new AtomicInteger();
    Channel failingOnce =
        new Channel() {
          @Override
          public <Q, R> ClientCall<Q, R> newCall(
              MethodDescriptor<Q, R> method, CallOptions options) {
            if (calls.incrementAndGet() == 2) {
              throw new IllegalStateException("channel hiccup while reopening");
            }
            return inner.newCall(method, options);
          }

          @Override
          public String authority() {
            return inner.authority();
          }
        };
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    SiteAgent agent = new SiteAgent("site-a", SitePolicy.acceptAll("default"), null);
    SiteConnection connection = new SiteConnection(failingOnce, agent, "test", FAST, scheduler);
    try {
      connection.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!connection.isConnected() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(connection.isConnected()).as("welcomed again after the failed reopening").isTrue();
      assertThat(calls.get()).isGreaterThanOrEqualTo(3);
      assertThat(connection.streamsOpened()).isGreaterThanOrEqualTo(3);
    } finally {
      connection.close();
      scheduler.shutdownNow();
      agent.close();
      inner.shutdownNow();
      server.shutdownNow();
    }
  }
}
