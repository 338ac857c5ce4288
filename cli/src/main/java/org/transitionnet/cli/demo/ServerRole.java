package org.transitionnet.cli.demo;

/** What a TransitionNet Liberty server is for; decides its application and configuration. */
public enum ServerRole {
  /** The consortium coordinator: enrollment, rounds, aggregation, leaderboard. */
  COORDINATOR("coordinator", "transitionnet-coordinator.war"),
  /** A hospital node: ingestion, storage, local training and evaluation. */
  NODE("node", "transitionnet-node.war");

  private final String configName;
  private final String warName;

  ServerRole(String configName, String warName) {
    this.configName = configName;
    this.warName = warName;
  }

  /** The directory under the runtime's {@code config/} holding this role's {@code server.xml}. */
  public String configName() {
    return configName;
  }

  /** The file name of the role's application in the runtime's {@code apps/}. */
  public String warName() {
    return warName;
  }
}
