package org.transitionnet.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo runtime the {@code deploy} module assembles: one Open Liberty install ({@code wlp/}),
 * the WARs ({@code apps/}), the JDBC drivers ({@code lib/jdbc/}) and the server configurations
 * ({@code config/<role>/server.xml}, {@code config/common/}, the node's base configuration in
 * {@code config/node/base/}).
 *
 * @param root the runtime directory, normally {@code deploy/target/tnet-runtime}
 */
public record LibertyRuntime(Path root) {

  /** Where the deploy module puts the runtime, relative to the project root. */
  public static final String DEFAULT_LOCATION = "deploy/target/tnet-runtime";

  public LibertyRuntime {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  /**
   * Opens a runtime directory, checking that everything the demo needs is there.
   *
   * @throws DemoFailure naming each missing piece and the build command that makes it
   */
  public static LibertyRuntime open(Path root) throws DemoFailure {
    LibertyRuntime runtime = new LibertyRuntime(root);
    List<String> missing = new ArrayList<>();
    for (Path required :
        List.of(
            runtime.serverScript(),
            runtime.war(ServerRole.NODE),
            runtime.war(ServerRole.COORDINATOR),
            runtime.jdbcDir(),
            runtime.serverXml(ServerRole.NODE),
            runtime.serverXml(ServerRole.COORDINATOR),
            runtime.nodeBaseDir().resolve("server.xml"))) {
      if (!Files.exists(required)) {
        missing.add(runtime.root.relativize(required).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new DemoFailure(
          "the demo runtime in "
              + runtime.root
              + " is incomplete (missing "
              + String.join(", ", missing)
              + "); build it with: ./mvnw -B -pl deploy -am install -DskipTests");
    }
    return runtime;
  }

  /**
   * The default runtime location: {@code tnet.home} (set by the {@code tnet} launcher) or the
   * nearest ancestor of the working directory that holds {@link #DEFAULT_LOCATION}.
   */
  public static Path defaultLocation() {
    String home = System.getProperty("tnet.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home).resolve(DEFAULT_LOCATION);
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(DEFAULT_LOCATION))) {
        return p.resolve(DEFAULT_LOCATION);
      }
    }
    return dir.resolve(DEFAULT_LOCATION);
  }

  public Path wlp() {
    return root.resolve("wlp");
  }

  public Path serverScript() {
    return wlp().resolve("bin").resolve("server");
  }

  public Path war(ServerRole role) {
    return root.resolve("apps").resolve(role.warName());
  }

  public Path jdbcDir() {
    return root.resolve("lib").resolve("jdbc");
  }

  /** The DL4J/ND4J jars, a Liberty shared library of every server ({@code lib/dl4j}). */
  public Path dl4jDir() {
    return root.resolve("lib").resolve("dl4j");
  }

  public Path configDir(ServerRole role) {
    return root.resolve("config").resolve(role.configName());
  }

  public Path serverXml(ServerRole role) {
    return configDir(role).resolve("server.xml");
  }

  public Path commonConfigDir() {
    return root.resolve("config").resolve("common");
  }

  /** The node module's own Liberty configuration, included by the deployable node config. */
  public Path nodeBaseDir() {
    return configDir(ServerRole.NODE).resolve("base");
  }
}
