package org.transitionnet.node.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.transitionnet.record.TransitionRecord;

/**
 * The node's storage of datasets, transition records and import reports. Callers own the
 * transaction: every call made for one request commits or rolls back together.
 */
public interface TransitionStore {

  /** Saves or replaces the definition (mapping) of a dataset. */
  void saveDataset(DatasetDefinition dataset);

  Optional<DatasetDefinition> dataset(String name);

  /** Every dataset with its counts, by name. */
  List<DatasetSummary> datasets();

  /** Which of the given identity keys are already stored, in any dataset. */
  Set<String> presentKeys(Collection<String> identityKeys);

  /**
   * Stores records whose keys are not yet present.
   *
   * @throws org.transitionnet.node.storage.StorageException when the database refuses a write
   */
  void storeAll(String dataset, String importId, Instant importedAt, List<KeyedRecord> records);

  long count(String dataset);

  /** Records of a dataset in the order they were stored. */
  List<TransitionRecord> page(String dataset, int offset, int limit);

  /** Keeps the JSON report of an import. */
  void saveReport(String importId, String dataset, Instant createdAt, String reportJson);

  Optional<String> report(String dataset, String importId);
}
