package org.transitionnet.node.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.transitionnet.security.secrets.RequiredSecrets;

/**
 * Refuses to start the node while a secret it needs is unset, a published default, or short: the
 * HTTPS keystore's password ({@code keystore.password}), the federation keystore's ({@code
 * federation.keystore-password}, when federation is on), and with {@code users.registry=basic} each
 * user's password. Runs before anything else at startup and names every setting to fix.
 */
@ApplicationScoped
public class NodeSecrets {

  private static final Logger LOG = Logger.getLogger(NodeSecrets.class.getName());

  void onStartup(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Startup startup) {
    Config config = ConfigProvider.getConfig();
    try {
      check(name -> config.getOptionalValue(name, String.class));
    } catch (IllegalStateException e) {
      LOG.log(Level.SEVERE, e.getMessage());
      throw e;
    }
  }

  /**
   * @param settings the node's configuration, by name
   * @throws IllegalStateException naming each setting to fix
   */
  static void check(Function<String, Optional<String>> settings) {
    RequiredSecrets secrets =
        new RequiredSecrets("the node")
            .require("keystore.password", settings.apply("keystore.password"));
    boolean federation =
        !settings.apply("federation.site-id").orElse("").isBlank()
            && !settings.apply("federation.coordinator.host").orElse("").isBlank();
    if (federation) {
      secrets.require(
          "federation.keystore-password", settings.apply("federation.keystore-password"));
    }
    if (settings.apply("users.registry").orElse("none").trim().equals("basic")) {
      for (String user : new String[] {"steward", "auditor", "admin"}) {
        String name = "users." + user + ".password";
        secrets.require(name, settings.apply(name));
      }
    }
    secrets.check();
  }
}
