package org.transitionnet.node.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;
import java.time.Instant;

/**
 * One stored transition record: its canonical JSON, the columns queries need, and its identity key
 * under a unique constraint so that the same record is never stored twice.
 */
@Entity
@Table(
    name = "tn_transition",
    indexes = {@Index(name = "tn_transition_dataset", columnList = "dataset, id")})
public class StoredTransition {

  @Id
  @TableGenerator(
      name = "tn_transition_ids",
      table = "tn_sequence",
      pkColumnName = "seq_name",
      valueColumnName = "seq_value",
      allocationSize = 500)
  @GeneratedValue(strategy = GenerationType.TABLE, generator = "tn_transition_ids")
  private Long id;

  @Column(name = "dataset", nullable = false, length = 200)
  private String dataset;

  @Column(name = "subject", nullable = false, length = 255)
  private String subject;

  @Column(name = "site", nullable = false, length = 255)
  private String site;

  @Column(name = "identity_key", nullable = false, unique = true, length = 64)
  private String identityKey;

  @Column(name = "import_id", nullable = false, length = 36)
  private String importId;

  @Lob
  @Column(name = "payload", nullable = false)
  private String payload;

  @Convert(converter = InstantConverter.class)
  @Column(name = "imported_at", nullable = false)
  private Instant importedAt;

  protected StoredTransition() {}

  public StoredTransition(
      String dataset,
      String subject,
      String site,
      String identityKey,
      String importId,
      String payload,
      Instant importedAt) {
    this.dataset = dataset;
    this.subject = subject;
    this.site = site;
    this.identityKey = identityKey;
    this.importId = importId;
    this.payload = payload;
    this.importedAt = importedAt;
  }

  public Long id() {
    return id;
  }

  public String dataset() {
    return dataset;
  }

  public String subject() {
    return subject;
  }

  public String site() {
    return site;
  }

  public String identityKey() {
    return identityKey;
  }

  public String importId() {
    return importId;
  }

  public String payload() {
    return payload;
  }

  public Instant importedAt() {
    return importedAt;
  }
}
