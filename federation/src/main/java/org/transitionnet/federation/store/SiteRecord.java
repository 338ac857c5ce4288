package org.transitionnet.federation.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An enrolled site.
 *
 * @param siteId the site's id (the CN of its certificate)
 * @param certificateSerial hex serial of its current certificate, empty when not yet issued
 * @param revoked whether the operator revoked it
 * @param lastSeen last message from it, or null
 */
public record SiteRecord(
    String siteId, String certificateSerial, boolean revoked, Instant lastSeen) {

  public SiteRecord {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(certificateSerial, "certificateSerial");
  }

  public SiteRecord seenAt(Instant when) {
    return new SiteRecord(siteId, certificateSerial, revoked, when);
  }
}
