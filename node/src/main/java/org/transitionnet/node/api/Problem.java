package org.transitionnet.node.api;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A failure answered as problem JSON (RFC 9457): {@code title} says what failed, {@code detail}
 * what to do about it.
 */
public final class Problem {

  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  public static Response response(Response.StatusType status, String title, String detail) {
    return response(status, title, detail, Json.createObjectBuilder());
  }

  /** With extra members (e.g. the mapping path at fault). */
  public static Response response(
      Response.StatusType status, String title, String detail, JsonObjectBuilder extra) {
    String body =
        extra
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status.getStatusCode())
            .add("detail", detail == null ? "" : detail)
            .build()
            .toString();
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(body).build();
  }
}
