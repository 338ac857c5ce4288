package org.transitionnet.cli.research;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the coordinator is and who asks: options, with environment variables as defaults so that
 * passwords need not appear on command lines.
 */
public final class CoordinatorOptions {

  @Option(
      names = "--coordinator",
      paramLabel = "URL",
      description = "coordinator base URL (env TNET_COORDINATOR; default https://localhost:9443)")
  String coordinator;

  @Option(names = "--user", description = "researcher user name for HTTP Basic (env TNET_USER)")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "file whose first line is the password (else env TNET_PASSWORD)")
  Path passwordFile;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      description =
          "trust the coordinator's TLS certificate through this CA certificate (PEM; env"
              + " TNET_CA_CERT); default: the JDK's trusted CAs")
  Path caCert;

  /** Resolves options and environment into a client. */
  public CoordinatorClient client(Map<String, String> env) throws CoordinatorException {
    String base = first(coordinator, env.get("TNET_COORDINATOR"), "https://localhost:9443");
    String u = first(user, env.get("TNET_USER"), "");
    String password = env.getOrDefault("TNET_PASSWORD", "");
    try {
      if (passwordFile != null) {
        password = Files.readAllLines(passwordFile).stream().findFirst().orElse("");
      }
      Path ca = caCert != null ? caCert : pathOrNull(env.get("TNET_CA_CERT"));
      return new CoordinatorClient(URI.create(base), u, password, ca);
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new CoordinatorException(0, "", "cannot set up the connection: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CoordinatorException(0, "--coordinator", "not a URL: " + base);
    }
  }

  private static Path pathOrNull(String s) {
    return s == null || s.isBlank() ? null : Path.of(s);
  }

  private static String first(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    if (b != null && !b.isBlank()) {
      return b;
    }
    return fallback;
  }
}
