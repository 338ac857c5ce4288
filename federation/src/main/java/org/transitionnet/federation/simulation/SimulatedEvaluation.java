package org.transitionnet.federation.simulation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.federation.evaluation.BenchmarkSiteEvaluator;
import org.transitionnet.federation.evaluation.DistributedLeaderboard;
import org.transitionnet.federation.evaluation.EvaluationOutcome;
import org.transitionnet.federation.evaluation.EvaluationRequest;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.evaluation.MalformedEvaluationException;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.task.SiteSplit;

/**
 * The benchmark's sites as evaluating nodes: a coordinator and one agent per site over in-process
 * gRPC, each holding only its own split. Every method is evaluated by sending an evaluate task to
 * every site and adding up the sufficient statistics they return ({@link DistributedLeaderboard}).
 */
public final class SimulatedEvaluation implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final InProcessFederation federation = new InProcessFederation("evaluate");
  private final Map<String, SiteAgent> agents = new LinkedHashMap<>();
  private final DistributedLeaderboard leaderboard;
  private final String task;
  private final int k;
  private int evaluations;

  public SimulatedEvaluation(Benchmark benchmark, BenchmarkOptions options)
      throws InterruptedException {
    this.task = benchmark.encoder().task().name();
    this.k = options.k();
    for (SiteSplit split : benchmark.splits()) {
      agents.put(
          split.site(),
          federation.addSite(
              split.site(),
              SitePolicy.acceptAll("simulation"),
              (global, plan) -> {
                throw new TrainingException("this simulated site only evaluates");
              },
              new BenchmarkSiteEvaluator(
                  benchmark.encoder(), options.model(), split.train(), split.test())));
    }
    this.leaderboard =
        new DistributedLeaderboard(
            List.copyOf(agents.keySet()),
            benchmark.encoder().targetScales(),
            benchmark.encoder().task().comparesArms(),
            k);
    federation.awaitSites(Duration.ofSeconds(30));
  }

  /** The site agent of a site (e.g. to {@link SiteAgent#tap} what it sends). */
  public SiteAgent agent(String site) {
    return agents.get(site);
  }

  public DistributedLeaderboard leaderboard() {
    return leaderboard;
  }

  /** Evaluates a subject at every site and returns the sites' raw answers. */
  public EvaluationOutcome outcome(EvaluationSubject subject) throws InterruptedException {
    EvaluationRequest request = new EvaluationRequest("eval-" + (++evaluations), task, subject, k);
    EvaluationOutcome outcome =
        federation.coordinator().evaluations().run(request, agents.keySet(), TIMEOUT);
    if (!outcome.failures().isEmpty()) {
      throw new IllegalStateException(
          "evaluation " + request.evaluationId() + " failed at " + outcome.failures());
    }
    return outcome;
  }

  /** Evaluates a subject at every site into a leaderboard method. */
  public MethodEntry evaluate(String name, String kind, Integer rounds, EvaluationSubject subject)
      throws InterruptedException {
    try {
      return leaderboard.entry(name, kind, rounds, outcome(subject));
    } catch (MalformedEvaluationException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    federation.close();
  }
}
