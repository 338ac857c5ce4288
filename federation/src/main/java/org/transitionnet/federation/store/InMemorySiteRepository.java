package org.transitionnet.federation.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Sites in memory. */
public final class InMemorySiteRepository implements SiteRepository {

  private final Map<String, SiteRecord> sites = new TreeMap<>();

  @Override
  public synchronized void save(SiteRecord site) {
    sites.put(site.siteId(), site);
  }

  @Override
  public synchronized Optional<SiteRecord> find(String siteId) {
    return Optional.ofNullable(sites.get(siteId));
  }

  @Override
  public synchronized List<SiteRecord> all() {
    return new ArrayList<>(sites.values());
  }
}
