package org.transitionnet.coordinator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.transitionnet.federation.store.DuplicateRoundException;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.federation.store.RoundRepository;

/**
 * Rounds and model versions in the coordinator's database. {@link #commit} writes the round and its
 * model in one JTA transaction; the (job, round) primary keys refuse a second write even from a
 * second coordinator process.
 */
@ApplicationScoped
@Transactional
public class JpaRoundRepository implements RoundRepository {

  @PersistenceContext(unitName = "coordinator")
  EntityManager em;

  @Override
  public void storeInitialModel(ModelVersion initial) {
    if (initial.version() != 0) {
      throw new IllegalArgumentException("the initial model is version 0");
    }
    if (latestVersion(initial.jobId()) >= 0) {
      throw new DuplicateRoundException(initial.jobId(), 0, "the job already has a model");
    }
    em.persist(ModelVersionEntity.of(initial));
    em.flush();
  }

  @Override
  public void commit(RoundRecord record, ModelVersion produced) {
    if (record.round() != produced.version() || !record.jobId().equals(produced.jobId())) {
      throw new IllegalArgumentException("round record and model version disagree");
    }
    // Serialises commits of one job across threads (and processes) when the job row exists.
    em.find(JobEntity.class, record.jobId(), LockModeType.PESSIMISTIC_WRITE);
    int latest = latestVersion(record.jobId());
    if (latest < 0) {
      throw new DuplicateRoundException(record.jobId(), record.round(), "no initial model");
    }
    if (record.round() != latest + 1) {
      throw new DuplicateRoundException(
          record.jobId(), record.round(), "latest stored round is " + latest);
    }
    em.persist(RoundEntity.of(record));
    em.persist(ModelVersionEntity.of(produced));
    em.flush();
  }

  @Override
  public int startAttempt(String jobId, int round) {
    // the job row carries the counter; the lock serialises two coordinators starting attempts
    JobEntity job = em.find(JobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
    if (job == null) {
      throw new IllegalStateException("no job " + jobId);
    }
    int latest = latestVersion(jobId);
    if (latest < 0 || round != latest + 1) {
      throw new IllegalStateException(
          "job " + jobId + ": round " + round + " is not next, the latest is " + latest);
    }
    int attempt = job.nextAttempt(round);
    em.flush();
    return attempt;
  }

  @Override
  public Optional<ModelVersion> latestModel(String jobId) {
    int latest = latestVersion(jobId);
    return latest < 0 ? Optional.empty() : model(jobId, latest);
  }

  @Override
  public Optional<ModelVersion> model(String jobId, int version) {
    return Optional.ofNullable(em.find(ModelVersionEntity.class, new JobVersionKey(jobId, version)))
        .map(ModelVersionEntity::toRecord);
  }

  @Override
  public List<RoundRecord> rounds(String jobId) {
    return em
        .createQuery(
            "select r from RoundEntity r where r.jobId = :job order by r.number", RoundEntity.class)
        .setParameter("job", jobId)
        .getResultList()
        .stream()
        .map(RoundEntity::toRecord)
        .toList();
  }

  /** Highest stored model version of a job, -1 when it has none. */
  private int latestVersion(String jobId) {
    Integer max =
        em.createQuery(
                "select max(m.number) from ModelVersionEntity m where m.jobId = :job",
                Integer.class)
            .setParameter("job", jobId)
            .getSingleResult();
    return max == null ? -1 : max;
  }
}
