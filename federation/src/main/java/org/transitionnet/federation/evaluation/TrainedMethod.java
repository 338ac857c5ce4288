package org.transitionnet.federation.evaluation;

import java.util.Objects;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.leaderboard.DpSetting;

/**
 * A method of a job's §7 protocol that was trained as a job of its own ({@code local:<site>},
 * {@code loso:<site>}), ready for the job's leaderboard: its final model, or why there is none (the
 * method then reports {@code null} everywhere and its reason under {@code
 * settings.evaluation_failures}).
 *
 * @param name the leaderboard name, e.g. {@code local:site-a}
 * @param kind {@code local} or {@code loso}
 * @param jobId the job that trained it
 * @param secureAggregation whether its rounds were securely aggregated
 * @param dp its differential privacy as the leaderboard records it, or {@code null}
 * @param model its final model, or {@code null} when it was not trained
 * @param failure why it was not trained, or {@code null}
 */
public record TrainedMethod(
    String name,
    String kind,
    String jobId,
    boolean secureAggregation,
    DpSetting dp,
    ModelVersion model,
    String failure) {

  public TrainedMethod {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jobId, "jobId");
    if ((model == null) == (failure == null)) {
      throw new IllegalArgumentException(name + ": exactly one of model and failure is needed");
    }
  }
}
