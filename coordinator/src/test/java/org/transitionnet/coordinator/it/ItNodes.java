package org.transitionnet.coordinator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** What the ITs that start their own nodes share: free ports, a loopback TLS client, a node. */
final class ItNodes {

  /** The Liberty installation the build prepared (the coordinator's server lives in it). */
  static final Path WLP = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"));

  private ItNodes() {}

  /** A port nothing listens on now (the OS's choice of an ephemeral port). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /**
   * Trusts any server certificate: the ITs talk to servers on loopback that generated their own
   * certificate, and check access control, not the certificate.
   */
  static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A fresh node server directory laid out like a packaged node: the node module's configuration,
   * the JDBC drivers, DL4J and the task files of the coordinator the build prepared, and the node
   * WAR; with the given Liberty variables and bootstrap properties (e.g. {@code users.registry},
   * which picks an included file and so must be a bootstrap property).
   */
  static LibertyServer prepareNode(
      String name, int httpPort, Map<String, String> variables, Map<String, String> bootstrap)
      throws IOException {
    LibertyServer node = new LibertyServer(WLP, name, httpPort);
    Path dir = node.directory();
    node.keepLogs();
    LibertyServer.deleteTree(dir);
    Files.createDirectories(dir.resolve("apps"));
    LibertyServer.copyTree(
        Path.of(System.getProperty("node.config.dir", "../node/src/main/liberty/config")), dir);
    Path coordinatorDir =
        WLP.resolve("usr/servers")
            .resolve(System.getProperty("coordinator.server", "transitionnetCoordinator"));
    LibertyServer.copyTree(coordinatorDir.resolve("jdbc"), dir.resolve("jdbc"));
    LibertyServer.copyTree(coordinatorDir.resolve("lib/dl4j"), dir.resolve("lib/dl4j"));
    if (Files.isDirectory(coordinatorDir.resolve("tasks"))) {
      LibertyServer.copyTree(coordinatorDir.resolve("tasks"), dir.resolve("tasks"));
    }
    Files.copy(
        Path.of(System.getProperty("node.war", "target/it/transitionnet-node.war")),
        dir.resolve("apps/transitionnet-node.war"));
    node.setVariables(variables);
    node.setBootstrapProperties(bootstrap);
    return node;
  }
}
