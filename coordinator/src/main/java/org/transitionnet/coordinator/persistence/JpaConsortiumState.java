package org.transitionnet.coordinator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.transitionnet.security.pki.EnrollmentTokens;

/** The consortium authority's state and the enrollment token hashes, in the database. */
@ApplicationScoped
@Transactional
public class JpaConsortiumState {

  @PersistenceContext(unitName = "coordinator")
  EntityManager em;

  /** The authority state exported for {@code consortium}, if one was ever saved. */
  public Optional<byte[]> authorityState(String consortium) {
    return Optional.ofNullable(em.find(AuthorityStateEntity.class, consortium))
        .map(AuthorityStateEntity::state);
  }

  public void saveAuthorityState(String consortium, byte[] state) {
    AuthorityStateEntity existing = em.find(AuthorityStateEntity.class, consortium);
    if (existing == null) {
      em.persist(new AuthorityStateEntity(consortium, state));
    } else {
      existing.update(state);
    }
  }

  public List<EnrollmentTokens.StoredToken> tokens() {
    return em
        .createQuery("select t from EnrollmentTokenEntity t", EnrollmentTokenEntity.class)
        .getResultList()
        .stream()
        .map(EnrollmentTokenEntity::toStored)
        .toList();
  }

  /** Inserts new token hashes and updates the redeemed flag of known ones. */
  public void saveTokens(Collection<EnrollmentTokens.StoredToken> tokens) {
    for (EnrollmentTokens.StoredToken token : tokens) {
      EnrollmentTokenEntity existing = em.find(EnrollmentTokenEntity.class, token.sha256Hex());
      if (existing == null) {
        em.persist(EnrollmentTokenEntity.of(token));
      } else {
        existing.update(token);
      }
    }
  }

  /** Answers only when the database does. */
  public boolean reachable() {
    em.createQuery("select count(s) from SiteEntity s", Long.class).getSingleResult();
    return true;
  }
}
