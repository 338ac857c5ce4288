package org.transitionnet.coordinator.rest;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.logging.Logger;

/**
 * The record of what operators did: each action that changes who may take part (a token issued, a
 * site revoked) is logged with the user who did it, on its own logger ({@value #LOGGER}, in the
 * server's messages.log and any log shipper that reads it).
 */
final class OperatorActions {

  /** The logger name, for routing these lines to an audit sink. */
  static final String LOGGER = "org.transitionnet.coordinator.audit";

  private static final Logger LOG = Logger.getLogger(LOGGER);

  private OperatorActions() {}

  /** Logs {@code operator <user> <action> site <site>}. */
  static void log(SecurityContext caller, String action, String site) {
    Principal who = caller == null ? null : caller.getUserPrincipal();
    String user = who == null ? "(unknown)" : who.getName();
    LOG.info(() -> "operator " + user + " " + action + " site " + site);
  }
}
