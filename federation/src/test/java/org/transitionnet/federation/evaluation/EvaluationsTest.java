package org.transitionnet.federation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.site.TrainingException;

/** The coordinator's evaluation round over real site streams, for sites that cannot answer. */
class EvaluationsTest {

  @Test
  void siteWithoutEvaluator_answersWithAFailureAndAbsentSiteIsListed() throws Exception {
    try (InProcessFederation federation = new InProcessFederation("evaluations")) {
      federation.addSite(
          "site-a",
          SitePolicy.acceptAll("c"),
          (global, plan) -> {
            throw new TrainingException("not training");
          });
      federation.awaitSites(Duration.ofSeconds(10));

      EvaluationOutcome outcome =
          federation
              .coordinator()
              .evaluations()
              .run(
                  new EvaluationRequest(
                      "e1", "pbc-labs-v1", new EvaluationSubject.Baseline("linear"), 0),
                  List.of("site-a", "site-z"),
                  Duration.ofSeconds(10));

      assertThat(outcome.results()).isEmpty();
      assertThat(outcome.failures())
          .containsEntry("site-z", "site is not connected")
          .containsKey("site-a");
      assertThat(outcome.failures().get("site-a")).contains("does not evaluate");
    }
  }

  @Test
  void modelWeights_reachTheSiteEvaluatorWhole() throws Exception {
    double[] weights = new double[140_000]; // two chunks
    for (int i = 0; i < weights.length; i++) {
      weights[i] = i * 0.5;
    }
    double[][] seen = new double[1][];
    SiteEvaluator recording =
        (task, subject) -> {
          seen[0] = ((EvaluationSubject.Model) subject).parameters();
          throw new EvaluationException("recorded only");
        };
    try (InProcessFederation federation = new InProcessFederation("evaluations")) {
      federation.addSite(
          "site-a",
          SitePolicy.acceptAll("c"),
          (global, plan) -> {
            throw new TrainingException("not training");
          },
          recording);
      federation.awaitSites(Duration.ofSeconds(10));

      EvaluationOutcome outcome =
          federation
              .coordinator()
              .evaluations()
              .run(
                  new EvaluationRequest(
                      "e2", "t", new EvaluationSubject.Model("job-1", 4, weights), 10),
                  List.of("site-a"),
                  Duration.ofSeconds(30));

      assertThat(outcome.failures()).containsEntry("site-a", "evaluation failed: recorded only");
      assertThat(seen[0]).isEqualTo(weights);
    }
  }

  @Test
  void evaluatorThatCannotLoadTheModel_answersWithTheReason() throws Exception {
    SiteEvaluator broken =
        (task, subject) -> {
          throw new NoClassDefFoundError("Could not initialize class org.nd4j.linalg.factory.Nd4j");
        };
    try (InProcessFederation federation = new InProcessFederation("evaluations")) {
      federation.addSite(
          "site-a",
          SitePolicy.acceptAll("c"),
          (global, plan) -> {
            throw new TrainingException("not training");
          },
          broken);
      federation.awaitSites(Duration.ofSeconds(10));

      EvaluationOutcome outcome =
          federation
              .coordinator()
              .evaluations()
              .run(
                  new EvaluationRequest(
                      "e3", "pbc-labs-v1", new EvaluationSubject.Baseline("linear"), 0),
                  List.of("site-a"),
                  Duration.ofMinutes(2));

      assertThat(outcome.failures().get("site-a"))
          .startsWith("evaluation failed: this site cannot run the model")
          .contains("Could not initialize class org.nd4j.linalg.factory.Nd4j");
    }
  }
}
