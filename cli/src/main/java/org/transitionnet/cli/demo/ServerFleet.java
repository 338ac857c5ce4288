package org.transitionnet.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo's servers as one unit: started together, awaited together, and stopped together on
 * {@link #close()}, on a failure, or on Ctrl-C (a JVM shutdown hook), so that no server JVM and no
 * port outlives the demo unless it was asked to keep running.
 */
public final class ServerFleet implements AutoCloseable {

  private final List<LibertyServer> servers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // Completed once the servers are stopped (or left running): a close() that races the Ctrl-C
  // hook waits for the hook's stops instead of reporting servers that are still stopping.
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "tnet-demo-stop-servers");
  private volatile boolean hookInstalled;

  /** Creates an empty fleet and installs the shutdown hook that stops its servers. */
  public ServerFleet() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    hookInstalled = true;
  }

  public synchronized void add(LibertyServer server) {
    servers.add(server);
  }

  public synchronized List<LibertyServer> servers() {
    return List.copyOf(servers);
  }

  /** The first server of a role. */
  public LibertyServer first(ServerRole role) {
    return servers().stream()
        .filter(s -> s.role() == role)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + role + " server"));
  }

  /** Starts every server at once and waits until all are ready. */
  public void startAll(Duration timeout, Progress progress) throws DemoFailure {
    start(servers(), timeout, progress);
  }

  /**
   * Starts some of the fleet's servers at once (e.g. the coordinator before the nodes that enroll
   * with it) and waits until all of them are ready.
   */
  public void start(List<LibertyServer> toStart, Duration timeout, Progress progress)
      throws DemoFailure {
    for (LibertyServer server : toStart) {
      server.start();
    }
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (LibertyServer server : toStart) {
      ready.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  server.awaitReady(timeout);
                  progress.detail(
                      server.name()
                          + " ready on http://127.0.0.1:"
                          + server.ports().http()
                          + (server.ports().grpc() > 0
                              ? " (gRPC federation "
                                  + server.ports().grpc()
                                  + ", enrollment "
                                  + server.ports().enrollment()
                                  + ")"
                              : "")
                          + ", pid "
                          + server.pid().map(String::valueOf).orElse("?"));
                } catch (DemoFailure e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              }));
    }
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted while starting the servers", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause != null && !(cause instanceof DemoFailure) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof DemoFailure failure) {
        throw failure;
      }
      throw new DemoFailure("a server failed to start: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Leaves the servers running after this JVM exits: removes the shutdown hook. {@link #close()}
   * then does nothing.
   */
  public void detach() {
    closed.set(true);
    settled.complete(null);
    removeHook();
  }

  /** Stops every server (in parallel) unless {@link #detach()} was called. */
  @Override
  public void close() {
    stopAll();
    removeHook();
  }

  private void stopAll() {
    if (!closed.compareAndSet(false, true)) {
      settled.join();
      return;
    }
    try {
      List<CompletableFuture<Void>> stops = new ArrayList<>();
      for (LibertyServer server : servers()) {
        stops.add(CompletableFuture.runAsync(server::stop));
      }
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    } finally {
      settled.complete(null);
    }
  }

  private void removeHook() {
    if (hookInstalled) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to run; it stops the servers itself
      }
      hookInstalled = false;
    }
  }
}
