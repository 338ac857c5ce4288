package org.transitionnet.federation.store;

import java.util.Objects;

/**
 * The coordinator's repositories, handed around together.
 *
 * @param sites enrolled sites
 * @param jobs jobs and the sites' decisions
 * @param rounds round records and model versions
 */
public record FederationStore(SiteRepository sites, JobRepository jobs, RoundRepository rounds) {

  public FederationStore {
    Objects.requireNonNull(sites, "sites");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(rounds, "rounds");
  }

  /** A fresh in-memory store (tests, simulator). */
  public static FederationStore inMemory() {
    return new FederationStore(
        new InMemorySiteRepository(), new InMemoryJobRepository(), new InMemoryRoundRepository());
  }
}
