package org.transitionnet.record;

import java.time.Instant;
import java.util.List;

/**
 * Where a record came from.
 *
 * @param dataset the dataset name
 * @param sourceIds source rows ({@code row:12}) or FHIR resource ids ({@code Observation/abc})
 * @param importedAt when it was imported; {@code null} before import
 * @param mappingVersion version (content hash) of the mapping or extraction file used
 */
public record Provenance(
    String dataset, List<String> sourceIds, Instant importedAt, String mappingVersion) {

  public Provenance {
    dataset = dataset == null ? "" : dataset;
    sourceIds = List.copyOf(sourceIds);
    mappingVersion = mappingVersion == null ? "" : mappingVersion;
  }
}
