package org.transitionnet.node.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A dataset's mapping as it was put, with the variables it declares. */
@Entity
@Table(name = "tn_dataset")
public class StoredDataset {

  @Id
  @Column(name = "name", length = 200)
  private String name;

  @Lob
  @Column(name = "mapping_json", nullable = false)
  private String mappingJson;

  @Column(name = "mapping_version", nullable = false, length = 128)
  private String mappingVersion;

  /** Declared variable names, one per line. */
  @Lob
  @Column(name = "variables", nullable = false)
  private String variables;

  @Convert(converter = InstantConverter.class)
  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected StoredDataset() {}

  StoredDataset(DatasetDefinition definition) {
    this.name = definition.name();
    update(definition);
  }

  void update(DatasetDefinition definition) {
    this.mappingJson = definition.mappingJson();
    this.mappingVersion = definition.mappingVersion();
    this.variables = String.join("\n", definition.variables());
    this.updatedAt = definition.updatedAt();
  }

  DatasetDefinition definition() {
    List<String> names = variables.isEmpty() ? List.of() : Arrays.asList(variables.split("\n", -1));
    return new DatasetDefinition(name, mappingJson, mappingVersion, names, updatedAt);
  }

  public String name() {
    return name;
  }
}
