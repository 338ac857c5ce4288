package org.transitionnet.coordinator.rest;

import java.time.Instant;
import org.transitionnet.federation.store.SiteRecord;

/**
 * A site as the operator sees it.
 *
 * @param siteId the site id
 * @param status {@code awaiting-enrollment} (token issued), {@code enrolled} or {@code revoked}
 * @param certificateSerial hex serial of its certificate, empty before enrollment
 * @param connected whether its stream is open now
 * @param lastHeartbeat last message from it, or null
 */
public record SiteView(
    String siteId,
    String status,
    String certificateSerial,
    boolean connected,
    Instant lastHeartbeat) {

  static SiteView of(SiteRecord site, boolean connected) {
    String status;
    if (site.revoked()) {
      status = "revoked";
    } else if (site.certificateSerial().isEmpty()) {
      status = "awaiting-enrollment";
    } else {
      status = "enrolled";
    }
    return new SiteView(
        site.siteId(), status, site.certificateSerial(), connected, site.lastSeen());
  }
}
