package org.transitionnet.federation.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Round records and model versions in memory; commits are atomic under one lock. */
public final class InMemoryRoundRepository implements RoundRepository {

  private final Map<String, List<ModelVersion>> models = new HashMap<>();
  private final Map<String, List<RoundRecord>> records = new HashMap<>();
  private final Map<String, int[]> attempts = new HashMap<>();

  @Override
  public synchronized void storeInitialModel(ModelVersion initial) {
    if (initial.version() != 0) {
      throw new IllegalArgumentException("the initial model is version 0");
    }
    List<ModelVersion> versions = models.computeIfAbsent(initial.jobId(), k -> new ArrayList<>());
    if (!versions.isEmpty()) {
      throw new DuplicateRoundException(initial.jobId(), 0, "the job already has a model");
    }
    versions.add(initial);
  }

  @Override
  public synchronized void commit(RoundRecord record, ModelVersion produced) {
    if (record.round() != produced.version() || !record.jobId().equals(produced.jobId())) {
      throw new IllegalArgumentException("round record and model version disagree");
    }
    List<ModelVersion> versions = models.get(record.jobId());
    if (versions == null || versions.isEmpty()) {
      throw new DuplicateRoundException(record.jobId(), record.round(), "no initial model");
    }
    int latest = versions.get(versions.size() - 1).version();
    if (record.round() != latest + 1) {
      throw new DuplicateRoundException(
          record.jobId(), record.round(), "latest stored round is " + latest);
    }
    versions.add(produced);
    records.computeIfAbsent(record.jobId(), k -> new ArrayList<>()).add(record);
  }

  @Override
  public synchronized int startAttempt(String jobId, int round) {
    List<ModelVersion> versions = models.get(jobId);
    if (versions == null || versions.isEmpty()) {
      throw new IllegalStateException("job " + jobId + " has no model");
    }
    int latest = versions.get(versions.size() - 1).version();
    if (round != latest + 1) {
      throw new IllegalStateException(
          "job " + jobId + ": round " + round + " is not next, the latest is " + latest);
    }
    int[] last = attempts.get(jobId);
    int attempt = last != null && last[0] == round ? last[1] + 1 : 1;
    attempts.put(jobId, new int[] {round, attempt});
    return attempt;
  }

  @Override
  public synchronized Optional<ModelVersion> latestModel(String jobId) {
    List<ModelVersion> versions = models.get(jobId);
    return versions == null || versions.isEmpty()
        ? Optional.empty()
        : Optional.of(versions.get(versions.size() - 1));
  }

  @Override
  public synchronized Optional<ModelVersion> model(String jobId, int version) {
    List<ModelVersion> versions = models.getOrDefault(jobId, List.of());
    return version >= 0 && version < versions.size()
        ? Optional.of(versions.get(version))
        : Optional.empty();
  }

  @Override
  public synchronized List<RoundRecord> rounds(String jobId) {
    return List.copyOf(records.getOrDefault(jobId, List.of()));
  }
}
