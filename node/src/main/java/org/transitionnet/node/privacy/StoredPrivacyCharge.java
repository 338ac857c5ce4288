package org.transitionnet.node.privacy;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.transitionnet.federation.privacy.LedgerEntry;
import org.transitionnet.node.storage.InstantConverter;
import org.transitionnet.security.dp.PrivacyLedger;

/** A row of {@code tn_privacy_charge}: one charge of the site's privacy ledger. */
@Entity
@Table(name = "tn_privacy_charge")
public class StoredPrivacyCharge {

  @Id
  @Column(name = "id", length = 36)
  private String id;

  @Column(name = "consortium", nullable = false, length = 200)
  private String consortium;

  @Column(name = "job_id", nullable = false, length = 200)
  private String jobId;

  @Column(name = "dp_level", nullable = false, length = 16)
  private String level;

  @Column(name = "steps", nullable = false)
  private long steps;

  @Column(name = "sampling_rate", nullable = false)
  private double samplingRate;

  @Column(name = "noise_multiplier", nullable = false)
  private double noiseMultiplier;

  @Column(name = "description", nullable = false, length = 500)
  private String description;

  @Convert(converter = InstantConverter.class)
  @Column(name = "charged_at", nullable = false)
  private Instant chargedAt;

  protected StoredPrivacyCharge() {}

  static StoredPrivacyCharge of(LedgerEntry entry) {
    StoredPrivacyCharge row = new StoredPrivacyCharge();
    row.id = UUID.randomUUID().toString();
    row.consortium = entry.consortium();
    row.jobId = entry.jobId();
    row.level = entry.charge().level().name();
    row.steps = entry.charge().steps();
    row.samplingRate = entry.charge().samplingRate();
    row.noiseMultiplier = entry.charge().noiseMultiplier();
    row.description = entry.charge().description();
    row.chargedAt = entry.at();
    return row;
  }

  LedgerEntry toEntry() {
    return new LedgerEntry(
        consortium,
        jobId,
        new PrivacyLedger.Charge(
            PrivacyLedger.Level.valueOf(level), steps, samplingRate, noiseMultiplier, description),
        chargedAt);
  }
}
