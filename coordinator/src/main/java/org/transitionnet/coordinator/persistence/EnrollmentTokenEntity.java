package org.transitionnet.coordinator.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.transitionnet.security.pki.EnrollmentTokens;

/** A row of {@code tn_enrollment_token}: the SHA-256 of a one-time token, never the token. */
@Entity
@Table(name = "tn_enrollment_token")
public class EnrollmentTokenEntity {

  @Id
  @Column(name = "sha256_hex", length = 64)
  private String sha256Hex;

  @Column(name = "site_id", length = 63, nullable = false)
  private String siteId;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "redeemed", nullable = false)
  private boolean redeemed;

  protected EnrollmentTokenEntity() {}

  static EnrollmentTokenEntity of(EnrollmentTokens.StoredToken token) {
    EnrollmentTokenEntity entity = new EnrollmentTokenEntity();
    entity.sha256Hex = token.sha256Hex();
    entity.update(token);
    return entity;
  }

  void update(EnrollmentTokens.StoredToken token) {
    siteId = token.siteId();
    expiresAt = token.expiresAt();
    redeemed = token.redeemed();
  }

  EnrollmentTokens.StoredToken toStored() {
    return new EnrollmentTokens.StoredToken(sha256Hex, siteId, expiresAt, redeemed);
  }
}
