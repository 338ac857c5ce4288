package org.transitionnet.coordinator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.transitionnet.coordinator.enrollment.ConsortiumRegistrar;
import org.transitionnet.coordinator.enrollment.SiteNotFoundException;
import org.transitionnet.coordinator.grpc.FederationEndpoints;
import org.transitionnet.coordinator.jobs.FederationRuntime;

/** Sites: approval by enrollment token, listing with status and heartbeat, revocation. */
@Path("/sites")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basic")
public class SitesResource {

  private static final Pattern SITE_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  @Inject ConsortiumRegistrar registrar;
  @Inject FederationRuntime runtime;
  @Inject FederationEndpoints endpoints;

  @GET
  @RolesAllowed({Roles.OPERATOR, Roles.RESEARCHER})
  @Operation(summary = "Every known site with its status and last heartbeat")
  public List<SiteView> list() {
    Set<String> connected = runtime.connectedSites();
    return runtime.store().sites().all().stream()
        .map(site -> SiteView.of(site, connected.contains(site.siteId())))
        .toList();
  }

  @GET
  @Path("/{siteId}")
  @RolesAllowed({Roles.OPERATOR, Roles.RESEARCHER})
  public SiteView get(@PathParam("siteId") String siteId) {
    return runtime
        .store()
        .sites()
        .find(siteId)
        .map(site -> SiteView.of(site, runtime.connectedSites().contains(siteId)))
        .orElseThrow(
            () -> ApiError.of(Response.Status.NOT_FOUND, "siteId", "unknown site " + siteId));
  }

  @POST
  @Path("/{siteId}/enrollment-token")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      summary = "Approve a site: issue its one-time enrollment token",
      description = "The token text is shown once; only its SHA-256 is stored.")
  public Response issueToken(@PathParam("siteId") String siteId, @Context SecurityContext caller) {
    if (!SITE_ID.matcher(siteId).matches()) {
      throw ApiError.of(
          Response.Status.BAD_REQUEST,
          "siteId",
          "a site id is a DNS label: lower-case letters, digits and inner hyphens, 1-63 chars");
    }
    Response created =
        Response.status(Response.Status.CREATED).entity(registrar.issueToken(siteId)).build();
    OperatorActions.log(caller, "issued an enrollment token", siteId);
    return created;
  }

  @POST
  @Path("/{siteId}/revocation")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      summary = "Revoke a site",
      description =
          "Its certificate goes on the revocation list at once: the open stream is closed and"
              + " every later handshake is refused, without a restart.")
  public SiteView revoke(@PathParam("siteId") String siteId, @Context SecurityContext caller) {
    try {
      registrar
          .revoke(siteId)
          .ifPresent(serial -> endpoints.dropCalls(serial, "site " + siteId + " was revoked"));
    } catch (SiteNotFoundException e) {
      throw ApiError.of(Response.Status.NOT_FOUND, "siteId", e.getMessage());
    }
    OperatorActions.log(caller, "revoked every certificate of", siteId);
    return get(siteId);
  }
}
