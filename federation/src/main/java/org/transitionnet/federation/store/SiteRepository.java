package org.transitionnet.federation.store;

import java.util.List;
import java.util.Optional;

/** Sites known to the coordinator. */
public interface SiteRepository {

  void save(SiteRecord site);

  Optional<SiteRecord> find(String siteId);

  List<SiteRecord> all();
}
