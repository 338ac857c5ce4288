package org.transitionnet.coordinator.persistence;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code tn_authority}: the consortium authority's exported state (root key encrypted
 * under the authority password, issued and revoked serials).
 */
@Entity
@Table(name = "tn_authority")
public class AuthorityStateEntity {

  @Id
  @Column(name = "consortium", length = 128)
  private String consortium;

  @Lob
  @Basic(fetch = FetchType.EAGER)
  @Column(name = "state", nullable = false)
  private byte[] state;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected AuthorityStateEntity() {}

  AuthorityStateEntity(String consortium, byte[] state) {
    this.consortium = consortium;
    update(state);
  }

  void update(byte[] newState) {
    state = newState.clone();
    updatedAt = Instant.now();
  }

  byte[] state() {
    return state.clone();
  }
}
