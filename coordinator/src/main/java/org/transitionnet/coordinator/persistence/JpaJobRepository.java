package org.transitionnet.coordinator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobRepository;

/** Jobs in the coordinator's database. */
@ApplicationScoped
@Transactional
public class JpaJobRepository implements JobRepository {

  @PersistenceContext(unitName = "coordinator")
  EntityManager em;

  @Override
  public void save(JobRecord job) {
    JobEntity existing = em.find(JobEntity.class, job.spec().jobId());
    if (existing == null) {
      em.persist(JobEntity.of(job));
    } else {
      existing.update(job);
    }
  }

  @Override
  public Optional<JobRecord> find(String jobId) {
    return Optional.ofNullable(em.find(JobEntity.class, jobId)).map(JobEntity::toRecord);
  }

  @Override
  public List<JobRecord> all() {
    return em
        .createQuery("select j from JobEntity j order by j.jobId", JobEntity.class)
        .getResultList()
        .stream()
        .map(JobEntity::toRecord)
        .toList();
  }
}
