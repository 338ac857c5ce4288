package org.transitionnet.federation.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy for fault tests: listens on 127.0.0.1 (port 0) and forwards every accepted
 * connection to a target with two pump threads. It can inject a partition:
 *
 * <ul>
 *   <li>{@link #cut()} resets every current connection (SO_LINGER 0, so both ends see a reset, not
 *       an orderly close);
 *   <li>{@link #refuse(boolean)} resets new connections as soon as they are accepted, so a client
 *       that dials again stays cut off until the test heals the link;
 *   <li>{@link #stall(boolean)} stops forwarding in both directions but keeps the sockets open (a
 *       black hole: neither end sees an error);
 *   <li>{@link #cutAfterClientBytes(long)} arms a cut once that many more bytes have flowed from
 *       the client to the target.
 * </ul>
 *
 * At most {@link #MAX_CONNECTIONS} connections are open at a time (each has two daemon threads);
 * further ones are reset. {@link #close()} closes everything.
 */
public final class FaultyTcpProxy implements AutoCloseable {

  /** Connections forwarded at the same time; more are reset at once. */
  public static final int MAX_CONNECTIONS = 16;

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final Object lock = new Object();
  private final List<Link> links = new ArrayList<>();
  private final AtomicLong clientBytes = new AtomicLong();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();
  private boolean stalled;
  private boolean refusing;
  private boolean closed;
  private long cutAtClientBytes = -1;

  private FaultyTcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    this.acceptor = new Thread(this::acceptLoop, "faulty-proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
  }

  /** Starts a proxy to {@code targetPort} on the loopback interface. */
  public static FaultyTcpProxy start(int targetPort) throws IOException {
    FaultyTcpProxy proxy =
        new FaultyTcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    proxy.acceptor.start();
    return proxy;
  }

  /** The port clients dial (on 127.0.0.1). */
  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far (forwarded or reset). */
  public int accepted() {
    return accepted.get();
  }

  /** How many times {@link #cut()} reset connections (including armed cuts). */
  public int cuts() {
    return cuts.get();
  }

  /** Bytes forwarded from clients to the target so far. */
  public long clientBytes() {
    return clientBytes.get();
  }

  /** Connections currently forwarded. */
  public int openConnections() {
    synchronized (lock) {
      return links.size();
    }
  }

  /** Resets every current connection at once, as a partition does. */
  public void cut() {
    List<Link> current;
    synchronized (lock) {
      current = new ArrayList<>(links);
      links.clear();
      cutAtClientBytes = -1;
      lock.notifyAll();
    }
    cuts.incrementAndGet();
    for (Link link : current) {
      link.reset();
    }
  }

  /** While true, new connections are reset as soon as they are accepted. */
  public void refuse(boolean value) {
    synchronized (lock) {
      refusing = value;
    }
  }

  /** Cuts every connection and refuses new ones until {@link #heal()}. */
  public void partition() {
    refuse(true);
    cut();
  }

  /** Ends a partition or a stall: connections are accepted and bytes flow again. */
  public void heal() {
    refuse(false);
    stall(false);
  }

  /** While true, no byte is forwarded in either direction; the sockets stay open. */
  public void stall(boolean value) {
    synchronized (lock) {
      stalled = value;
      lock.notifyAll();
    }
  }

  /**
   * Arms a {@link #cut()} for when {@code bytes} more bytes have been forwarded from clients to the
   * target (counted from now; the chunk that crosses the mark is still forwarded).
   */
  public void cutAfterClientBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be >= 1, was " + bytes);
    }
    synchronized (lock) {
      cutAtClientBytes = clientBytes.get() + bytes;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    cut();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // listener closed
      }
      accepted.incrementAndGet();
      boolean refuse;
      synchronized (lock) {
        refuse = closed || refusing || links.size() >= MAX_CONNECTIONS;
      }
      if (refuse) {
        resetQuietly(client);
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(target, 5_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
      } catch (IOException e) {
        resetQuietly(client);
        resetQuietly(server);
        continue;
      }
      Link link = new Link(client, server);
      synchronized (lock) {
        if (closed || refusing) {
          link.reset();
          continue;
        }
        links.add(link);
      }
      link.start();
    }
  }

  private static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Waits while stalled; false when the proxy closed meanwhile or the link was cut. */
  private boolean awaitFlowing(Link link) throws InterruptedException {
    synchronized (lock) {
      while (stalled && !closed && !link.isReset()) {
        lock.wait(50);
      }
      return !closed && !link.isReset();
    }
  }

  /** After {@code n} client bytes were forwarded: whether an armed cut is due. */
  private boolean countClientBytes(int n) {
    long total = clientBytes.addAndGet(n);
    synchronized (lock) {
      return cutAtClientBytes >= 0 && total >= cutAtClientBytes;
    }
  }

  private final class Link {
    private final Socket client;
    private final Socket server;
    private volatile boolean reset;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      int port = client.getPort();
      Thread up = new Thread(() -> pump(client, server, true), "faulty-proxy-up-" + port);
      Thread down = new Thread(() -> pump(server, client, false), "faulty-proxy-down-" + port);
      up.setDaemon(true);
      down.setDaemon(true);
      up.start();
      down.start();
    }

    boolean isReset() {
      return reset;
    }

    void reset() {
      reset = true;
      resetQuietly(client);
      resetQuietly(server);
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          if (!awaitFlowing(this)) {
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
          if (fromClient && countClientBytes(n)) {
            cut();
            return;
          }
        }
      } catch (IOException e) {
        // the other side or a cut ended the link
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // one direction ended: end the connection (a gRPC peer closes both directions anyway)
      synchronized (lock) {
        links.remove(this);
      }
      try {
        client.close();
      } catch (IOException e) {
        // closing anyway
      }
      try {
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
