package org.transitionnet.coordinator.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.transitionnet.security.web.CrossSiteRequests;

/**
 * Refuses cross-site request forgery before any resource runs ({@link CrossSiteRequests}): a page
 * an operator visits cannot revoke sites or issue tokens with the browser's cached Basic
 * credentials. A state-changing call from another origin, or a form-like one (no body, text/plain,
 * multipart, form encoded) without the {@code X-Requested-By} header, answers 403.
 */
@Provider
@PreMatching
public class CrossSiteRequestFilter implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    CrossSiteRequests.refusal(
            request.getMethod(),
            request.getHeaderString("Origin"),
            request.getUriInfo().getRequestUri(),
            request.getHeaderString(HttpHeaders.CONTENT_TYPE),
            request.getHeaderString(CrossSiteRequests.HEADER) != null)
        .ifPresent(
            why ->
                request.abortWith(
                    Response.status(Response.Status.FORBIDDEN)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(new ApiError(403, CrossSiteRequests.HEADER, why))
                        .build()));
  }
}
