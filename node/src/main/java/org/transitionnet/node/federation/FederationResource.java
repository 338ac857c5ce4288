package org.transitionnet.node.federation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.transitionnet.node.api.NodeRoles;

/** The node's federation status and its outbound audit log, under {@code /api/federation}. */
@Path("/federation")
@RolesAllowed({NodeRoles.NODE_ADMIN, NodeRoles.AUDITOR})
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
   * @param verification whether the whole log checks out (chain, MACs and head), whatever the
   *     page's filter
   * @param job the job the page is filtered to, or {@code null} for every entry
   * @param counts how many messages of each kind left (for {@code job}: that job's, over the whole
   *     log, not only this page)
   * @param entries the requested entries
   */
  public record AuditPage(
      OutboundAuditLog.Verification verification,
      String job,
      Map<String, Long> counts,
      List<OutboundAuditLog.Entry> entries) {}

  @GET
  @Path("/audit")
  @Operation(
      summary =
          "Every message that left the site: job, round, attempt, kind, size and SHA-256;"
              + " hash-chained and keyed",
      description =
          "Entries from 'from' (1-based), at most 'limit' (5000 at most); with 'job', only that"
              + " job's entries, and 'counts' gives that job's messages by kind over the whole"
              + " log. Never message contents.")
  public AuditPage audit(
      @QueryParam("from") @DefaultValue("1") long from,
      @QueryParam("limit") @DefaultValue("500") int limit,
      @QueryParam("job") String job) {
    int pageSize = Math.min(Math.max(limit, 1), 5000);
    String filter = job == null || job.isBlank() ? null : job;
    return federation
        .audit()
        .map(
            log ->
                new AuditPage(
                    log.verify(),
                    filter,
                    log.countsByKind(filter),
                    filter == null ? log.read(from, pageSize) : log.read(from, pageSize, filter)))
        .orElse(
            new AuditPage(
                new OutboundAuditLog.Verification(0, true, 0, ""), filter, Map.of(), List.of()));
  }
}
