package org.transitionnet.node.federation;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The node's federation status and its outbound audit log, under {@code /api/federation}. */
@Path("/federation")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FederationResource {

  @Inject SiteFederation federation;

  @GET
  @Operation(summary = "Enrollment, connection and the jobs this site has seen")
  public FederationStatus status() {
    return federation.status();
  }

  /**
   * A page of the audit log with the chain's check.
   *
   * @param verification whether the whole chain checks out
   * @param entries the requested entries
   */
  public record AuditPage(
      OutboundAuditLog.Verification verification, List<OutboundAuditLog.Entry> entries) {}

  @GET
  @Path("/audit")
  @Operation(
      summary = "Every message that left the site: size and SHA-256, hash-chained",
      description = "Entries from 'from' (1-based), at most 'limit'; never message contents.")
  public AuditPage audit(
      @QueryParam("from") @DefaultValue("1") long from,
      @QueryParam("limit") @DefaultValue("500") int limit) {
    return federation
        .audit()
        .map(log -> new AuditPage(log.verify(), log.read(from, Math.min(Math.max(limit, 1), 5000))))
        .orElse(new AuditPage(new OutboundAuditLog.Verification(0, true, 0), List.of()));
  }
}
