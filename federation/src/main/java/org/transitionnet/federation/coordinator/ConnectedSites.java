package org.transitionnet.federation.coordinator;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The sites that currently hold a stream to the coordinator. */
public final class ConnectedSites {

  private final Map<String, SiteLink> links = new HashMap<>();

  /** Registers the site's newest stream, replacing an older one. */
  public synchronized void connect(String siteId, SiteLink link) {
    links.put(siteId, link);
    notifyAll();
  }

  /** Forgets the stream if it is still the site's current one; true when it was. */
  public synchronized boolean disconnect(String siteId, SiteLink link) {
    boolean removed = links.remove(siteId, link);
    notifyAll();
    return removed;
  }

  public synchronized Optional<SiteLink> link(String siteId) {
    return Optional.ofNullable(links.get(siteId));
  }

  public synchronized Set<String> connected() {
    return new TreeSet<>(links.keySet());
  }

  /** Waits until every named site is connected; false on timeout. */
  public synchronized boolean awaitConnected(Collection<String> siteIds, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!links.keySet().containsAll(siteIds)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Waits until at least {@code count} sites are connected; false on timeout. */
  public synchronized boolean awaitCount(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (links.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
