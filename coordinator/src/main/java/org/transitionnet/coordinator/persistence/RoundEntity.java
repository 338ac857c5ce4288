package org.transitionnet.coordinator.persistence;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.federation.store.RoundRecord;

/**
 * A row of {@code tn_round}: one completed round. The primary key (job, round) is what makes a
 * round impossible to record twice, whatever the engine does after a crash.
 */
@Entity
@Table(name = "tn_round")
@IdClass(JobVersionKey.class)
public class RoundEntity {

  @Id
  @Column(name = "job_id", length = 128)
  private String jobId;

  /** The round number (equals the model version it produced). */
  @Id
  @Column(name = "round_number")
  private int number;

  private int attempt;

  /** Site ids separated by commas (site ids are DNS labels: no commas). */
  @Column(length = 4096)
  private String participants;

  @Column(length = 4096)
  private String reported;

  @Column(name = "total_samples")
  private long totalSamples;

  @Column(name = "mean_loss")
  private double meanLoss;

  @Enumerated(EnumType.STRING)
  @Column(name = "closed_by", length = 32)
  private RoundRecord.ClosedBy closedBy;

  @Column(name = "started_at")
  private Instant started;

  @Column(name = "closed_at")
  private Instant closed;

  /** Per reported site, the ε the job has spent there: {@code {"site-a": 1.25}} (DP jobs). */
  @Lob
  @Column(name = "epsilon_spent_json")
  private String epsilonSpentJson;

  /** Per participant that did not report, why: {@code {"site-c": "..."}}. */
  @Lob
  @Column(name = "failures_json")
  private String failuresJson;

  protected RoundEntity() {}

  static RoundEntity of(RoundRecord record) {
    RoundEntity entity = new RoundEntity();
    entity.jobId = record.jobId();
    entity.number = record.round();
    entity.attempt = record.attempt();
    entity.participants = String.join(",", record.participants());
    entity.reported = String.join(",", record.reported());
    entity.totalSamples = record.totalSamples();
    entity.meanLoss = record.meanLoss();
    entity.closedBy = record.closedBy();
    entity.started = record.started();
    entity.closed = record.closed();
    JsonObjectBuilder epsilon = Json.createObjectBuilder();
    record.epsilonSpent().forEach(epsilon::add);
    entity.epsilonSpentJson = epsilon.build().toString();
    JsonObjectBuilder failures = Json.createObjectBuilder();
    record.failures().forEach(failures::add);
    entity.failuresJson = failures.build().toString();
    return entity;
  }

  RoundRecord toRecord() {
    return new RoundRecord(
        jobId,
        number,
        attempt,
        split(participants),
        split(reported),
        totalSamples,
        meanLoss,
        closedBy,
        started,
        closed,
        decodeEpsilon(epsilonSpentJson),
        decodeFailures(failuresJson));
  }

  private static Map<String, Double> decodeEpsilon(String json) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (json != null && !json.isBlank()) {
      JsonObject all = Json.createReader(new StringReader(json)).readObject();
      all.forEach((site, value) -> out.put(site, ((JsonNumber) value).doubleValue()));
    }
    return out;
  }

  private static Map<String, String> decodeFailures(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json != null && !json.isBlank()) {
      JsonObject all = Json.createReader(new StringReader(json)).readObject();
      all.keySet().forEach(site -> out.put(site, all.getString(site)));
    }
    return out;
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }
}
