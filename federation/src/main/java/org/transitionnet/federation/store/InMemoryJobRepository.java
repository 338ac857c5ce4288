package org.transitionnet.federation.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs in memory. */
public final class InMemoryJobRepository implements JobRepository {

  private final Map<String, JobRecord> jobs = new LinkedHashMap<>();

  @Override
  public synchronized void save(JobRecord job) {
    jobs.put(job.spec().jobId(), job);
  }

  @Override
  public synchronized Optional<JobRecord> find(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public synchronized List<JobRecord> all() {
    return new ArrayList<>(jobs.values());
  }
}
