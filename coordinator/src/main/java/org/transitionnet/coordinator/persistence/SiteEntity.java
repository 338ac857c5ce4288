package org.transitionnet.coordinator.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.transitionnet.federation.store.SiteRecord;

/** A row of {@code tn_site}: one site known to the coordinator. */
@Entity
@Table(name = "tn_site")
public class SiteEntity {

  @Id
  @Column(name = "site_id", length = 63)
  private String siteId;

  @Column(name = "certificate_serial", length = 64, nullable = false)
  private String certificateSerial;

  @Column(name = "revoked", nullable = false)
  private boolean revoked;

  @Column(name = "last_seen")
  private Instant lastSeen;

  protected SiteEntity() {}

  static SiteEntity of(SiteRecord site) {
    SiteEntity entity = new SiteEntity();
    entity.siteId = site.siteId();
    entity.update(site);
    return entity;
  }

  void update(SiteRecord site) {
    certificateSerial = site.certificateSerial();
    revoked = site.revoked();
    lastSeen = site.lastSeen();
  }

  SiteRecord toRecord() {
    return new SiteRecord(siteId, certificateSerial, revoked, lastSeen);
  }
}
