package org.transitionnet.node.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** The JSON validation report of one import, kept so that it can be read again later. */
@Entity
@Table(name = "tn_import_report")
public class StoredImportReport {

  @Id
  @Column(name = "import_id", length = 36)
  private String importId;

  @Column(name = "dataset", nullable = false, length = 200)
  private String dataset;

  @Convert(converter = InstantConverter.class)
  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Lob
  @Column(name = "report_json", nullable = false)
  private String reportJson;

  protected StoredImportReport() {}

  StoredImportReport(String importId, String dataset, Instant createdAt, String reportJson) {
    this.importId = importId;
    this.dataset = dataset;
    this.createdAt = createdAt;
    this.reportJson = reportJson;
  }

  String dataset() {
    return dataset;
  }

  String reportJson() {
    return reportJson;
  }
}
