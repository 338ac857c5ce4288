package org.transitionnet.node.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dataset the node holds and the mapping its CSV files are imported with.
 *
 * @param name the node's name for the dataset (the REST path segment)
 * @param mappingJson the mapping file as it was put
 * @param mappingVersion the content hash of the mapping, as records carry it in their provenance
 * @param variables the names of the variables the mapping declares
 * @param updatedAt when the mapping was last put
 */
public record DatasetDefinition(
    String name,
    String mappingJson,
    String mappingVersion,
    List<String> variables,
    Instant updatedAt) {

  public DatasetDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mappingJson, "mappingJson");
    mappingVersion = mappingVersion == null ? "" : mappingVersion;
    variables = List.copyOf(variables);
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
