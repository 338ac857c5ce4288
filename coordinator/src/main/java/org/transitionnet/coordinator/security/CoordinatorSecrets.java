package org.transitionnet.coordinator.security;

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
 * Refuses to start the coordinator while a secret it needs is unset, a published default, or short:
 * the password that encrypts the consortium root key ({@code coordinator.ca.password}), the HTTPS
 * keystore's ({@code keystore.password}) and the operator's and researcher's ({@code
 * operator.password}, {@code researcher.password}). Runs before anything else at startup and names
 * every setting to fix.
 */
@ApplicationScoped
public class CoordinatorSecrets {

  private static final Logger LOG = Logger.getLogger(CoordinatorSecrets.class.getName());

  /** The secrets, by setting name. */
  static final String[] REQUIRED = {
    "coordinator.ca.password", "keystore.password", "operator.password", "researcher.password"
  };

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
   * @param settings the coordinator's configuration, by name
   * @throws IllegalStateException naming each setting to fix
   */
  static void check(Function<String, Optional<String>> settings) {
    RequiredSecrets secrets = new RequiredSecrets("the coordinator");
    for (String name : REQUIRED) {
      secrets.require(name, settings.apply(name));
    }
    secrets.check();
  }
}
