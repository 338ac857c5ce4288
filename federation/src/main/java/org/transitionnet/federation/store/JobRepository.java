package org.transitionnet.federation.store;

import java.util.List;
import java.util.Optional;

/** Jobs of the coordinator. */
public interface JobRepository {

  /** Inserts or replaces the job with the record's job id. */
  void save(JobRecord job);

  Optional<JobRecord> find(String jobId);

  List<JobRecord> all();
}
