package org.transitionnet.node.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.SiteMessage;

/** What the node has seen of the federation: jobs offered, its decisions, rounds it trained. */
public final class FederationActivity {

  /**
   * One job as this site saw it.
   *
   * @param jobId the job
   * @param task its task
   * @param strategy its strategy
   * @param researcher who submitted it
   * @param offeredAt when the offer arrived
   * @param decision {@code accepted}, {@code refused} or {@code pending}
   * @param reason the policy's reason when refused
   * @param roundsTrained rounds this site sent an update for
   * @param roundsReceipted rounds the coordinator confirmed taking the whole update of
   * @param lastRound the latest round it was asked to train, 0 before any
   */
  public record JobSeen(
      String jobId,
      String task,
      String strategy,
      String researcher,
      Instant offeredAt,
      String decision,
      String reason,
      int roundsTrained,
      int roundsReceipted,
      int lastRound) {}

  private final Map<String, JobSeen> jobs = new LinkedHashMap<>();
  private final Map<String, org.transitionnet.proto.v1.JobSpec> specs = new LinkedHashMap<>();
  private volatile Instant lastWelcome;

  synchronized void received(CoordinatorMessage message) {
    switch (message.getBodyCase()) {
      case WELCOME -> lastWelcome = Instant.now();
      case JOB_OFFER -> {
        var spec = message.getJobOffer().getSpec();
        specs.put(spec.getJobId(), spec);
        jobs.put(
            spec.getJobId(),
            new JobSeen(
                spec.getJobId(),
                spec.getTask(),
                spec.getStrategy().name().toLowerCase(java.util.Locale.ROOT),
                spec.getResearcher(),
                Instant.now(),
                "pending",
                "",
                0,
                0,
                0));
      }
      case TRAIN_TASK -> {
        var ref = message.getTrainTask().getRef();
        update(
            ref.getJobId(),
            j ->
                with(
                    j,
                    j.decision(),
                    j.reason(),
                    j.roundsTrained(),
                    j.roundsReceipted(),
                    ref.getRound()));
      }
      case UPLOAD_RECEIPT -> {
        var ref = message.getUploadReceipt().getRef();
        update(
            ref.getJobId(),
            j ->
                with(
                    j,
                    j.decision(),
                    j.reason(),
                    j.roundsTrained(),
                    j.roundsReceipted() + 1,
                    j.lastRound()));
      }
      default -> {}
    }
  }

  synchronized void sent(SiteMessage message) {
    switch (message.getBodyCase()) {
      case JOB_DECISION -> {
        var d = message.getJobDecision();
        update(
            d.getJobId(),
            j ->
                with(
                    j,
                    d.getAccepted() ? "accepted" : "refused",
                    d.getReason(),
                    j.roundsTrained(),
                    j.roundsReceipted(),
                    j.lastRound()));
      }
      case UPDATE_HEADER -> {
        var ref = message.getUpdateHeader().getRef();
        update(
            ref.getJobId(),
            j ->
                with(
                    j,
                    j.decision(),
                    j.reason(),
                    j.roundsTrained() + 1,
                    j.roundsReceipted(),
                    j.lastRound()));
      }
      default -> {}
    }
  }

  public synchronized List<JobSeen> jobs() {
    return new ArrayList<>(jobs.values());
  }

  /** The spec of a job offered to this site. */
  public synchronized java.util.Optional<org.transitionnet.proto.v1.JobSpec> spec(String jobId) {
    return java.util.Optional.ofNullable(specs.get(jobId));
  }

  public Instant lastWelcome() {
    return lastWelcome;
  }

  private void update(String jobId, java.util.function.UnaryOperator<JobSeen> change) {
    JobSeen current = jobs.get(jobId);
    if (current == null) {
      current = new JobSeen(jobId, "", "", "", Instant.now(), "pending", "", 0, 0, 0);
    }
    jobs.put(jobId, change.apply(current));
  }

  private static JobSeen with(
      JobSeen j, String decision, String reason, int trained, int receipted, int lastRound) {
    return new JobSeen(
        j.jobId(),
        j.task(),
        j.strategy(),
        j.researcher(),
        j.offeredAt(),
        decision,
        reason,
        trained,
        receipted,
        lastRound);
  }
}
