package org.transitionnet.node.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.TransitionRecordCodec;

/**
 * {@link TransitionStore} on JPA with the container's JTA transaction: whatever one request wrote
 * is committed or rolled back together by the caller's transaction boundary.
 */
@ApplicationScoped
public class JpaTransitionStore implements TransitionStore {

  /** Keys per IN (...) query and records per flush. */
  private static final int CHUNK = 500;

  @PersistenceContext(unitName = "transitionnet")
  private EntityManager em;

  /** For CDI. */
  public JpaTransitionStore() {}

  /** For code that manages its own entity manager (tests, tools). */
  public JpaTransitionStore(EntityManager em) {
    this.em = em;
  }

  @Override
  public void saveDataset(DatasetDefinition dataset) {
    try {
      StoredDataset existing = em.find(StoredDataset.class, dataset.name());
      if (existing == null) {
        em.persist(new StoredDataset(dataset));
      } else {
        existing.update(dataset);
      }
      em.flush();
    } catch (PersistenceException e) {
      throw new StorageException("could not save dataset " + dataset.name(), e);
    }
  }

  @Override
  public Optional<DatasetDefinition> dataset(String name) {
    return Optional.ofNullable(em.find(StoredDataset.class, name)).map(StoredDataset::definition);
  }

  @Override
  public List<DatasetSummary> datasets() {
    Map<String, Long> records = countBy("StoredTransition");
    Map<String, Long> imports = countBy("StoredImportReport");
    List<DatasetSummary> out = new ArrayList<>();
    for (StoredDataset d :
        em.createQuery("SELECT d FROM StoredDataset d ORDER BY d.name", StoredDataset.class)
            .getResultList()) {
      DatasetDefinition def = d.definition();
      out.add(
          new DatasetSummary(
              def.name(),
              records.getOrDefault(def.name(), 0L),
              imports.getOrDefault(def.name(), 0L),
              def.mappingVersion(),
              def.updatedAt()));
    }
    return out;
  }

  private Map<String, Long> countBy(String entity) {
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT e.dataset, COUNT(e) FROM " + entity + " e GROUP BY e.dataset",
                Object[].class)
            .getResultList()) {
      counts.put((String) row[0], ((Number) row[1]).longValue());
    }
    return counts;
  }

  @Override
  public Set<String> presentKeys(Collection<String> identityKeys) {
    List<String> keys = List.copyOf(identityKeys);
    Set<String> present = new HashSet<>();
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      present.addAll(
          em.createQuery(
                  "SELECT t.identityKey FROM StoredTransition t WHERE t.identityKey IN :keys",
                  String.class)
              .setParameter("keys", chunk)
              .getResultList());
    }
    return present;
  }

  @Override
  public void storeAll(
      String dataset, String importId, Instant importedAt, List<KeyedRecord> records) {
    try {
      int pending = 0;
      for (KeyedRecord k : records) {
        TransitionRecord r = k.record();
        em.persist(
            new StoredTransition(
                dataset,
                r.subject(),
                r.site(),
                k.identityKey(),
                importId,
                TransitionRecordCodec.toJson(r),
                importedAt));
        if (++pending == CHUNK) {
          em.flush();
          em.clear();
          pending = 0;
        }
      }
      em.flush();
    } catch (PersistenceException e) {
      throw new StorageException(
          "the database refused the records of import " + importId + ": " + rootMessage(e), e);
    }
  }

  @Override
  public long count(String dataset) {
    return em.createQuery(
            "SELECT COUNT(t) FROM StoredTransition t WHERE t.dataset = :dataset", Long.class)
        .setParameter("dataset", dataset)
        .getSingleResult();
  }

  @Override
  public List<TransitionRecord> page(String dataset, int offset, int limit) {
    List<String> payloads =
        em.createQuery(
                "SELECT t.payload FROM StoredTransition t WHERE t.dataset = :dataset ORDER BY t.id",
                String.class)
            .setParameter("dataset", dataset)
            .setFirstResult(offset)
            .setMaxResults(limit)
            .getResultList();
    List<TransitionRecord> out = new ArrayList<>(payloads.size());
    for (String json : payloads) {
      try {
        out.add(TransitionRecordCodec.fromJson(json));
      } catch (InvalidProtocolBufferException e) {
        throw new StorageException("a stored record of " + dataset + " does not parse", e);
      }
    }
    return out;
  }

  @Override
  public void saveReport(String importId, String dataset, Instant createdAt, String reportJson) {
    try {
      em.persist(new StoredImportReport(importId, dataset, createdAt, reportJson));
      em.flush();
    } catch (PersistenceException e) {
      throw new StorageException("could not save the report of import " + importId, e);
    }
  }

  @Override
  public Optional<String> report(String dataset, String importId) {
    return Optional.ofNullable(em.find(StoredImportReport.class, importId))
        .filter(r -> r.dataset().equals(dataset))
        .map(StoredImportReport::reportJson);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
