package org.transitionnet.node.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import org.transitionnet.federation.privacy.LedgerEntry;
import org.transitionnet.federation.privacy.LedgerStore;

/** The site's privacy ledger in the node's database; an append commits before it returns. */
@ApplicationScoped
public class JpaLedgerStore implements LedgerStore {

  @PersistenceContext(unitName = "transitionnet")
  EntityManager em;

  @Override
  @Transactional
  public List<LedgerEntry> load(String consortium) {
    return em
        .createQuery(
            "SELECT c FROM StoredPrivacyCharge c WHERE c.consortium = :consortium"
                + " ORDER BY c.chargedAt, c.id",
            StoredPrivacyCharge.class)
        .setParameter("consortium", consortium)
        .getResultList()
        .stream()
        .map(StoredPrivacyCharge::toEntry)
        .toList();
  }

  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void append(LedgerEntry entry) {
    em.persist(StoredPrivacyCharge.of(entry));
  }
}
