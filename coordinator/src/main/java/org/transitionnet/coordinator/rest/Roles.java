package org.transitionnet.coordinator.rest;

/** The two roles of the REST API, mapped to user groups in server.xml. */
final class Roles {

  /** Runs the consortium: enrollment tokens, approval and revocation of sites. */
  static final String OPERATOR = "operator";

  /** Submits and watches jobs, downloads models, reads leaderboards. */
  static final String RESEARCHER = "researcher";

  private Roles() {}
}
