package org.transitionnet.node.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.transitionnet.security.web.CrossSiteRequests;

/**
 * Refuses cross-site request forgery before any resource runs ({@link CrossSiteRequests}): a
 * state-changing call from another origin, or a form-like one (text/plain, multipart, form encoded)
 * without the {@code X-Requested-By} header, answers 403 and changes nothing.
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
                    Problem.response(
                        Response.Status.FORBIDDEN, "cross-site request refused", why)));
  }
}
