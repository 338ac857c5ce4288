package org.transitionnet.coordinator.jobs;

import jakarta.json.JsonObject;
import java.util.List;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.RoundRecord;

/**
 * The §8 {@code leaderboard.json} of a job. The seam for evaluation distribution (a later issue):
 * an implementation that sends evaluate tasks to the sites and merges their sufficient statistics
 * replaces {@link PendingEvaluationLeaderboard} without touching the REST API.
 */
public interface LeaderboardSource {

  JsonObject leaderboard(JobRecord job, List<RoundRecord> rounds);
}
