package org.transitionnet.node.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.transitionnet.node.storage.DatasetDefinition;
import org.transitionnet.node.storage.DatasetSummary;
import org.transitionnet.node.storage.KeyedRecord;
import org.transitionnet.node.storage.TransitionStore;
import org.transitionnet.record.TransitionRecord;

/** A store in maps, for unit tests of the import rules; enforces the unique identity key. */
final class InMemoryTransitionStore implements TransitionStore {

  private final Map<String, DatasetDefinition> datasets = new LinkedHashMap<>();
  private final Map<String, KeyedRecord> byKey = new LinkedHashMap<>();
  private final Map<String, String> datasetOfKey = new HashMap<>();
  private final Map<String, String> reports = new HashMap<>();

  @Override
  public void saveDataset(DatasetDefinition dataset) {
    datasets.put(dataset.name(), dataset);
  }

  @Override
  public Optional<DatasetDefinition> dataset(String name) {
    return Optional.ofNullable(datasets.get(name));
  }

  @Override
  public List<DatasetSummary> datasets() {
    return datasets.values().stream()
        .map(
            d ->
                new DatasetSummary(d.name(), count(d.name()), 0, d.mappingVersion(), d.updatedAt()))
        .toList();
  }

  @Override
  public Set<String> presentKeys(Collection<String> identityKeys) {
    return identityKeys.stream().filter(byKey::containsKey).collect(Collectors.toSet());
  }

  @Override
  public void storeAll(
      String dataset, String importId, Instant importedAt, List<KeyedRecord> records) {
    for (KeyedRecord r : records) {
      if (byKey.putIfAbsent(r.identityKey(), r) != null) {
        throw new IllegalStateException("unique constraint: " + r.identityKey());
      }
      datasetOfKey.put(r.identityKey(), dataset);
    }
  }

  @Override
  public long count(String dataset) {
    return datasetOfKey.values().stream().filter(dataset::equals).count();
  }

  @Override
  public List<TransitionRecord> page(String dataset, int offset, int limit) {
    List<TransitionRecord> all = new ArrayList<>();
    byKey.forEach(
        (key, r) -> {
          if (dataset.equals(datasetOfKey.get(key))) {
            all.add(r.record());
          }
        });
    return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
  }

  @Override
  public void saveReport(String importId, String dataset, Instant createdAt, String reportJson) {
    reports.put(dataset + "/" + importId, reportJson);
  }

  @Override
  public Optional<String> report(String dataset, String importId) {
    return Optional.ofNullable(reports.get(dataset + "/" + importId));
  }
}
