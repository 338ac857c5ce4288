package org.transitionnet.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.leaderboard.DpSetting;

/**
 * The §8 document of a job before any evaluation ran: task, sites, the job's method with its
 * settings and rounds, and empty {@code results} (no metric is ever invented). {@code targets}
 * stays empty until an evaluation reports them.
 */
@ApplicationScoped
public class PendingEvaluationLeaderboard implements LeaderboardSource {

  @Override
  public JsonObject leaderboard(JobRecord job, List<RoundRecord> rounds) {
    JobSpec spec = job.spec();
    TreeSet<String> sites = new TreeSet<>();
    rounds.forEach(r -> sites.addAll(r.participants()));
    job.decisions()
        .forEach(
            (site, d) -> {
              if (d.accepted()) {
                sites.add(site);
              }
            });
    JsonArrayBuilder siteArray = Json.createArrayBuilder();
    sites.forEach(siteArray::add);
    JsonObjectBuilder method =
        Json.createObjectBuilder()
            .add("name", spec.strategy().methodName())
            .add("kind", "federated")
            .add("secure_aggregation", spec.secureAggregation())
            .add("dp", dp(spec))
            .add("rounds", rounds.size())
            .add("results", Json.createObjectBuilder());
    return Json.createObjectBuilder()
        .add("task", spec.task())
        .add("created", Instant.now().toString())
        .add("job", spec.jobId())
        .add("evaluation", "pending")
        .add("sites", siteArray)
        .add("targets", Json.createArrayBuilder())
        .add("methods", Json.createArrayBuilder().add(method))
        .build();
  }

  /** The job's {@code "dp": {"level","epsilon","delta"}} (JSON null without DP). */
  static jakarta.json.JsonValue dp(JobSpec spec) {
    DpSetting dp = spec.leaderboardDp();
    if (dp == null) {
      return jakarta.json.JsonValue.NULL;
    }
    return Json.createObjectBuilder()
        .add("level", dp.level())
        .add("epsilon", dp.epsilon())
        .add("delta", dp.delta())
        .build();
  }
}
