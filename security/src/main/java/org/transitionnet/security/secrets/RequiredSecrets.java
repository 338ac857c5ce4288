package org.transitionnet.security.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets a server needs before it may start: each must be set, must not be a value this
 * project ever shipped or documented as a default, and must not be trivially short. A server
 * collects its settings here at startup and refuses to start on any problem, naming every setting
 * to fix, so a deployment cannot run on a password anyone can read in the repository.
 */
public final class RequiredSecrets {

  /** The shortest secret accepted. */
  public static final int MIN_LENGTH = 12;

  /**
   * Values published in this repository's configuration, guides or history as defaults, and a few
   * that every scanner tries first.
   */
  static final Set<String> KNOWN_DEFAULTS =
      Set.of(
          "transitionnet",
          "transitionnet-site",
          "transitionnet-demo",
          "transitionnet-demo-ca",
          "operator-demo",
          "researcher-demo",
          "changeit",
          "changeme",
          "password",
          "secret",
          "admin");

  private final String server;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param server the server being checked, for the message (e.g. {@code the node})
   */
  public RequiredSecrets(String server) {
    this.server = server;
  }

  /** Requires {@code setting} to hold a secret that is set, not a known default, long enough. */
  public RequiredSecrets require(String setting, Optional<String> value) {
    String v = value.map(String::trim).orElse("");
    if (v.isEmpty() || v.startsWith("${")) {
      problems.add(setting + " is not set");
    } else if (KNOWN_DEFAULTS.contains(v.toLowerCase(Locale.ROOT))) {
      problems.add(setting + " is a published default");
    } else if (v.length() < MIN_LENGTH) {
      problems.add(setting + " is shorter than " + MIN_LENGTH + " characters");
    }
    return this;
  }

  /** What is wrong, one entry per setting; empty when every secret is acceptable. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * @throws IllegalStateException naming every setting to fix, when any is not acceptable
   */
  public void check() {
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          server
              + " refuses to start until its secrets are set: "
              + String.join("; ", problems)
              + ". Set each (server.env, an environment variable, a Kubernetes Secret or"
              + " -Dliberty.var.NAME) to a random value of "
              + MIN_LENGTH
              + " or more characters; see docs/guide-hospital-it.md and docs/guide-operator.md,"
              + " \"Secrets\".");
    }
  }
}
