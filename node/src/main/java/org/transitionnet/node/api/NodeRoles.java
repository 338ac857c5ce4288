package org.transitionnet.node.api;

/**
 * The node's roles. Each is mapped to a group of the hospital's user registry in server.xml ({@code
 * roles.data-steward}, {@code roles.auditor}, {@code roles.node-admin}); every REST method names
 * the roles it allows, and a method that names none is refused to everybody (web.xml admits only
 * these roles to {@code /api}, and {@code NodeRolesTest} fails on a method without a role).
 */
public final class NodeRoles {

  /** Mappings, imports, reading the site's own records and import reports. */
  public static final String DATA_STEWARD = "data-steward";

  /** The outbound audit log, the privacy ledger and import reports; never records. */
  public static final String AUDITOR = "auditor";

  /** The node's federation status and settings. */
  public static final String NODE_ADMIN = "node-admin";

  private NodeRoles() {}
}
