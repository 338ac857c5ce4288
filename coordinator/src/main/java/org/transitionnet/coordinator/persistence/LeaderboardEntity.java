package org.transitionnet.coordinator.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code tn_leaderboard}: a job's evaluation state and its §8 document once done. */
@Entity
@Table(name = "tn_leaderboard")
public class LeaderboardEntity {

  @Id
  @Column(name = "job_id", length = 128)
  private String jobId;

  @Column(length = 16)
  private String state;

  @Column(length = 2048)
  private String progress;

  @Lob
  @Column(name = "document_json")
  private String document;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected LeaderboardEntity() {}

  LeaderboardEntity(String jobId) {
    this.jobId = jobId;
  }

  void update(String newState, String newProgress, String newDocument) {
    state = newState;
    progress = newProgress;
    document = newDocument;
    updatedAt = Instant.now();
  }

  StoredLeaderboard toStored() {
    return new StoredLeaderboard(
        jobId, state, progress == null ? "" : progress, document, updatedAt);
  }
}
