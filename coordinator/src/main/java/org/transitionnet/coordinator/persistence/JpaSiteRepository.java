package org.transitionnet.coordinator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.transitionnet.federation.store.SiteRecord;
import org.transitionnet.federation.store.SiteRepository;

/** Sites in the coordinator's database. */
@ApplicationScoped
@Transactional
public class JpaSiteRepository implements SiteRepository {

  @PersistenceContext(unitName = "coordinator")
  EntityManager em;

  @Override
  public void save(SiteRecord site) {
    SiteEntity existing = em.find(SiteEntity.class, site.siteId());
    if (existing == null) {
      em.persist(SiteEntity.of(site));
    } else {
      existing.update(site);
    }
  }

  @Override
  public Optional<SiteRecord> find(String siteId) {
    return Optional.ofNullable(em.find(SiteEntity.class, siteId)).map(SiteEntity::toRecord);
  }

  @Override
  public List<SiteRecord> all() {
    return em
        .createQuery("select s from SiteEntity s order by s.siteId", SiteEntity.class)
        .getResultList()
        .stream()
        .map(SiteEntity::toRecord)
        .toList();
  }
}
