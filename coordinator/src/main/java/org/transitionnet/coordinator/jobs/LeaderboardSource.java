package org.transitionnet.coordinator.jobs;

import jakarta.json.JsonObject;
import java.util.List;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.RoundRecord;

/**
 * The §8 {@code leaderboard.json} of a job, as the REST API serves it; {@link JobEvaluations}
 * evaluates it at the sites and stores it.
 */
public interface LeaderboardSource {

  JsonObject leaderboard(JobRecord job, List<RoundRecord> rounds);
}
