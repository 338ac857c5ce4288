package org.transitionnet.federation.coordinator;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Asks named sites one question each and collects one answer per site: the fan-out the coordinator
 * uses for the statistics step and for evaluations. Sites that are not connected, whose stream
 * fails, that answer with a failure or not within the timeout end up in {@link Answered#failures()}
 * with the reason; unexpected or repeated answers are ignored.
 *
 * @param <T> what a site's answer is read into
 */
public final class SiteRequests<T> {

  private static final Logger LOG = Logger.getLogger(SiteRequests.class.getName());

  /** Sends the request to one site's stream. */
  @FunctionalInterface
  public interface Sender {
    void send(SiteLink link) throws SiteUnreachableException;
  }

  /** The sites' answers and the failures, both in the order the sites were asked. */
  public record Answered<T>(Map<String, T> answers, Map<String, String> failures) {}

  private final ConnectedSites sites;
  private final String answerKind;
  private final Map<String, Pending<T>> running = new HashMap<>();

  /**
   * @param answerKind what an answer is called in log lines and failure reasons, e.g. {@code
   *     "statistics"}
   */
  public SiteRequests(ConnectedSites sites, String answerKind) {
    this.sites = sites;
    this.answerKind = answerKind;
  }

  /**
   * Sends a request to every named site and waits for their answers.
   *
   * @param alreadyRunning the message of the {@link IllegalStateException} thrown when a request
   *     with the same id is still collecting
   */
  public Answered<T> ask(
      String requestId,
      Collection<String> siteIds,
      Sender sender,
      Duration timeout,
      Supplier<String> alreadyRunning)
      throws InterruptedException {
    Pending<T> p = new Pending<>(new LinkedHashSet<>(siteIds), answerKind);
    synchronized (running) {
      if (running.containsKey(requestId)) {
        throw new IllegalStateException(alreadyRunning.get());
      }
      running.put(requestId, p);
    }
    try {
      for (String site : siteIds) {
        Optional<SiteLink> link = sites.link(site);
        if (link.isEmpty()) {
          p.fail(site, "site is not connected");
          continue;
        }
        try {
          sender.send(link.get());
        } catch (SiteUnreachableException e) {
          p.fail(site, "site unreachable: " + e.getMessage());
        }
      }
      return p.await(timeout);
    } finally {
      synchronized (running) {
        running.remove(requestId);
      }
    }
  }

  /**
   * A site's answer arrived on its authenticated stream.
   *
   * @param failure the site's failure reason, empty when it answered
   * @param answer reads the answer; an {@link IllegalArgumentException} makes it a failure
   *     ("malformed …")
   * @return false when no request with this id is collecting (the answer is dropped)
   */
  public boolean answer(String requestId, String siteId, String failure, Supplier<T> answer) {
    Pending<T> p;
    synchronized (running) {
      p = running.get(requestId);
    }
    if (p == null) {
      return false;
    }
    p.answer(siteId, failure, answer);
    return true;
  }

  private static final class Pending<T> {
    private final Set<String> expected;
    private final String answerKind;
    private final Map<String, T> results = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    Pending(Set<String> expected, String answerKind) {
      this.expected = expected;
      this.answerKind = answerKind;
    }

    synchronized void fail(String site, String reason) {
      if (!results.containsKey(site) && !failures.containsKey(site)) {
        failures.put(site, reason);
      }
      notifyAll();
    }

    synchronized void answer(String site, String failure, Supplier<T> answer) {
      if (!expected.contains(site) || results.containsKey(site) || failures.containsKey(site)) {
        LOG.info(() -> "ignored unexpected or repeated " + answerKind + " from " + site);
        return;
      }
      if (!failure.isEmpty()) {
        failures.put(site, failure);
      } else {
        try {
          results.put(site, answer.get());
        } catch (IllegalArgumentException e) {
          failures.put(site, "malformed " + answerKind + ": " + e.getMessage());
        }
      }
      notifyAll();
    }

    synchronized Answered<T> await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (results.size() + failures.size() < expected.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      Map<String, T> ordered = new LinkedHashMap<>();
      Map<String, String> failed = new LinkedHashMap<>();
      for (String site : expected) {
        if (results.containsKey(site)) {
          ordered.put(site, results.get(site));
        } else {
          failed.put(site, failures.getOrDefault(site, "no answer within " + timeout));
        }
      }
      return new Answered<>(ordered, failed);
    }
  }
}
