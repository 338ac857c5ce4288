package org.transitionnet.coordinator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Jobs' evaluations and leaderboards in the coordinator's database (they survive a restart). */
@ApplicationScoped
@Transactional
public class JpaLeaderboards {

  @PersistenceContext(unitName = "coordinator")
  EntityManager em;

  public void save(String jobId, String state, String progress, String document) {
    LeaderboardEntity entity = em.find(LeaderboardEntity.class, jobId);
    if (entity == null) {
      entity = new LeaderboardEntity(jobId);
      entity.update(state, progress, document);
      em.persist(entity);
    } else {
      entity.update(state, progress, document);
    }
  }

  public Optional<StoredLeaderboard> find(String jobId) {
    return Optional.ofNullable(em.find(LeaderboardEntity.class, jobId))
        .map(LeaderboardEntity::toStored);
  }
}
