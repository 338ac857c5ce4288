package org.transitionnet.node.privacy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.transitionnet.node.api.NodeRoles;

/** The site's privacy ledger, under {@code /api/privacy/ledger}. */
@Path("/privacy/ledger")
@RolesAllowed({NodeRoles.AUDITOR, NodeRoles.NODE_ADMIN})
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyLedgerResource {

  @Inject SiteLedger ledger;

  @GET
  @Operation(
      summary = "The site's privacy budget, what DP jobs have spent of it, and every charge",
      description =
          "Record level protects one patient record (DP-SGD), client level the site's whole"
              + " contribution; each has the configured budget. A task that would exceed it is"
              + " refused and the refusal reaches the coordinator.")
  public LedgerView ledger() {
    return LedgerView.of(ledger.ledger());
  }
}
