package org.transitionnet.cli.demo;

/**
 * The loopback ports of one server.
 *
 * @param http the HTTP port (REST API, health, metrics)
 * @param https the HTTPS port
 * @param grpc the federation gRPC port (mutual TLS) the coordinator listens on; 0 for a node
 * @param enrollment the enrollment gRPC port of the coordinator; 0 for a node
 */
public record ServerPorts(int http, int https, int grpc, int enrollment) {
  public ServerPorts {
    if (http <= 0 || https <= 0 || grpc < 0 || enrollment < 0) {
      throw new IllegalArgumentException(
          "bad ports: http="
              + http
              + " https="
              + https
              + " grpc="
              + grpc
              + " enrollment="
              + enrollment);
    }
  }

  /** A node's ports: HTTP and HTTPS only. */
  public static ServerPorts web(int http, int https) {
    return new ServerPorts(http, https, 0, 0);
  }
}
