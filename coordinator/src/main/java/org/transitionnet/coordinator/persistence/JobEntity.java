package org.transitionnet.coordinator.persistence;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.EvaluationProtocol;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.statistics.SlotStatistics;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;

/** A row of {@code tn_job}: a job's spec, status, the sites' decisions and pooled statistics. */
@Entity
@Table(name = "tn_job")
public class JobEntity {

  @Id
  @Column(name = "job_id", length = 128)
  private String jobId;

  private String consortium;
  private String researcher;
  private String task;

  @Column(name = "model_spec", length = 512)
  private String modelSpec;

  @Enumerated(EnumType.STRING)
  private StrategyKind strategy;

  private int rounds;

  @Column(name = "local_steps")
  private int localSteps;

  @Column(name = "learning_rate")
  private double learningRate;

  @Column(name = "proximal_mu")
  private double proximalMu;

  @Column(name = "server_learning_rate")
  private double serverLearningRate;

  @Column(name = "min_sites")
  private int minSites;

  @Column(name = "round_timeout_millis")
  private long roundTimeoutMillis;

  @Column(name = "secure_aggregation")
  private boolean secureAggregation;

  private long seed;

  @Column(name = "parameter_count")
  private int parameterCount;

  /** NONE, RECORD or CLIENT; null in rows written before DP (read as NONE). */
  @Enumerated(EnumType.STRING)
  @Column(name = "dp_level", length = 16)
  private DifferentialPrivacy.Level dpLevel;

  @Column(name = "dp_epsilon")
  private Double dpEpsilon;

  @Column(name = "dp_delta")
  private Double dpDelta;

  @Column(name = "dp_clip_norm")
  private Double dpClipNorm;

  @Enumerated(EnumType.STRING)
  @Column(length = 16)
  private JobStatus status;

  @Column(length = 2048)
  private String failure;

  @Lob
  @Column(name = "decisions_json")
  private String decisionsJson;

  @Lob
  @Column(name = "statistics_json")
  private String statisticsJson;

  @Column(name = "updated_at")
  private Instant updatedAt;

  /** The round whose attempts {@link #attemptNumber} counts; null before the first attempt. */
  @Column(name = "attempt_round")
  private Integer attemptRound;

  /** The last attempt started of {@link #attemptRound} (not written by {@link #update}). */
  @Column(name = "attempt_number")
  private Integer attemptNumber;

  /** FEDERATED or FULL (§7); null in rows written before protocols (read as FEDERATED). */
  @Enumerated(EnumType.STRING)
  @Column(name = "protocol", length = 16)
  private EvaluationProtocol protocol;

  /** For a protocol sub-job: the job whose leaderboard it trains a method for; else null. */
  @Column(name = "parent_job_id", length = 128)
  private String parentJobId;

  /** For a protocol sub-job: its method, e.g. {@code local:site-a}. */
  @Column(name = "protocol_method", length = 160)
  private String protocolMethod;

  /** For a protocol sub-job: the only sites it is offered to, comma-separated. */
  @Column(name = "protocol_sites", length = 2048)
  private String protocolSites;

  protected JobEntity() {}

  static JobEntity of(JobRecord job) {
    JobEntity entity = new JobEntity();
    entity.jobId = job.spec().jobId();
    entity.update(job);
    return entity;
  }

  void update(JobRecord job) {
    JobSpec spec = job.spec();
    consortium = spec.consortium();
    researcher = spec.researcher();
    task = spec.task();
    modelSpec = spec.modelSpec();
    strategy = spec.strategy();
    rounds = spec.rounds();
    localSteps = spec.localSteps();
    learningRate = spec.learningRate();
    proximalMu = spec.proximalMu();
    serverLearningRate = spec.serverLearningRate();
    minSites = spec.minSites();
    roundTimeoutMillis = spec.roundTimeout().toMillis();
    secureAggregation = spec.secureAggregation();
    seed = spec.seed();
    parameterCount = spec.parameterCount();
    dpLevel = spec.privacy().level();
    dpEpsilon = spec.privacy().epsilon();
    dpDelta = spec.privacy().delta();
    dpClipNorm = spec.privacy().clipNorm();
    status = job.status();
    failure = job.failure();
    decisionsJson = encode(job.decisions());
    statisticsJson = encodeStatistics(job.statistics());
    protocol = job.protocol();
    JobRecord.SubJob sub = job.subJob();
    parentJobId = sub == null ? null : sub.parentJobId();
    protocolMethod = sub == null ? null : sub.method();
    protocolSites = sub == null ? null : String.join(",", sub.sites());
    updatedAt = Instant.now();
  }

  /** Counts a new attempt of {@code round} and returns its number (1 for the round's first). */
  int nextAttempt(int round) {
    int attempt =
        attemptRound != null && attemptRound == round && attemptNumber != null
            ? attemptNumber + 1
            : 1;
    attemptRound = round;
    attemptNumber = attempt;
    return attempt;
  }

  JobRecord toRecord() {
    JobSpec spec =
        new JobSpec(
            jobId,
            consortium,
            researcher,
            task,
            modelSpec,
            strategy,
            rounds,
            localSteps,
            learningRate,
            proximalMu,
            serverLearningRate,
            minSites,
            Duration.ofMillis(roundTimeoutMillis),
            secureAggregation,
            seed,
            parameterCount,
            privacy());
    return new JobRecord(
        spec,
        status,
        decode(decisionsJson),
        failure == null ? "" : failure,
        decodeStatistics(statisticsJson),
        protocol == null ? EvaluationProtocol.FEDERATED : protocol,
        parentJobId == null
            ? null
            : new JobRecord.SubJob(parentJobId, protocolMethod, List.of(protocolSites.split(","))));
  }

  /**
   * The pooled statistics as {@code {"slots":[...],"count":[...],"sum":[...],"sum_squares":[...]}}.
   */
  private static String encodeStatistics(SlotStatistics statistics) {
    if (statistics == null) {
      return null;
    }
    JsonArrayBuilder slots = Json.createArrayBuilder();
    statistics.slots().forEach(slots::add);
    return Json.createObjectBuilder()
        .add("slots", slots)
        .add("count", numbers(statistics.count()))
        .add("sum", numbers(statistics.sum()))
        .add("sum_squares", numbers(statistics.sumSquares()))
        .build()
        .toString();
  }

  private static JsonArrayBuilder numbers(double[] values) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (double v : values) {
      array.add(v);
    }
    return array;
  }

  private static SlotStatistics decodeStatistics(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    JsonObject o = Json.createReader(new StringReader(json)).readObject();
    return new SlotStatistics(
        o.getJsonArray("slots").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList(),
        doubles(o.getJsonArray("count")),
        doubles(o.getJsonArray("sum")),
        doubles(o.getJsonArray("sum_squares")));
  }

  private static double[] doubles(JsonArray array) {
    return array.getValuesAs(JsonNumber.class).stream()
        .mapToDouble(JsonNumber::doubleValue)
        .toArray();
  }

  private DifferentialPrivacy privacy() {
    if (dpLevel == null || dpLevel == DifferentialPrivacy.Level.NONE) {
      return DifferentialPrivacy.none();
    }
    return new DifferentialPrivacy(dpLevel, dpEpsilon, dpDelta, dpClipNorm);
  }

  private static String encode(Map<String, JobRecord.SiteDecision> decisions) {
    JsonObjectBuilder all = Json.createObjectBuilder();
    decisions.forEach(
        (site, decision) -> {
          JsonObjectBuilder one = Json.createObjectBuilder().add("accepted", decision.accepted());
          if (decision.rule() != null) {
            one.add("rule", decision.rule());
          }
          if (decision.reason() != null) {
            one.add("reason", decision.reason());
          }
          all.add(site, one);
        });
    return all.build().toString();
  }

  private static Map<String, JobRecord.SiteDecision> decode(String json) {
    Map<String, JobRecord.SiteDecision> decisions = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return decisions;
    }
    JsonObject all = Json.createReader(new StringReader(json)).readObject();
    for (Map.Entry<String, JsonValue> entry : all.entrySet()) {
      JsonObject one = entry.getValue().asJsonObject();
      decisions.put(
          entry.getKey(),
          new JobRecord.SiteDecision(
              one.getBoolean("accepted"),
              one.getString("rule", null),
              one.getString("reason", null)));
    }
    return decisions;
  }
}
