package org.transitionnet.coordinator.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The JSON body of every refused request: which field (if one) and why.
 *
 * @param status the HTTP status
 * @param field the request field at fault, or null
 * @param reason what is wrong, in words
 */
public record ApiError(int status, String field, String reason) {

  static WebApplicationException of(Response.Status status, String field, String reason) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(new ApiError(status.getStatusCode(), field, reason))
            .build());
  }
}
