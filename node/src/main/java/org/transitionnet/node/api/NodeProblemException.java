package org.transitionnet.node.api;

import jakarta.ws.rs.core.Response;

/** A request the node refuses, answered as problem JSON with the given status. */
public class NodeProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Response.Status status;
  private final String title;

  public NodeProblemException(Response.Status status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public Response toResponse() {
    return Problem.response(status, title, getMessage());
  }
}
