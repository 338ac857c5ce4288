package org.transitionnet.federation.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.federation.evaluation.EvaluationOutcome;
import org.transitionnet.federation.evaluation.EvaluationSubject;
import org.transitionnet.federation.privacy.EvaluationPrivacy;
import org.transitionnet.federation.privacy.LedgerEntry;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.proto.v1.EvaluationResult;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.security.dp.PrivacyBudget;
import org.transitionnet.security.dp.PrivacyLedger;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;

/**
 * A site whose policy releases evaluation sums through the Gaussian mechanism: each release is
 * noised, says how, is charged to the site's ledger before it is sent, and is refused once the
 * site's budget cannot cover it; the other sites keep releasing exact sums.
 */
class PrivateEvaluationReleaseTest {

  private static final EvaluationPrivacy RELEASE = EvaluationPrivacy.gaussian(2.0, 1e-5, 3);
  private static SimulatedEvaluation evaluation;
  private static String privateSite;
  private static String exactSite;
  private static SitePrivacyLedger ledger;
  private static final List<SiteMessage> outbound = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void sites() throws Exception {
    PbcTrial pbc = PbcTrial.load();
    List<TransitionRecord> records = pbc.records();
    Task task = pbc.task();
    Map<String, List<TransitionRecord>> sites =
        SitePartition.simulate(records, 2, "dirichlet:1.0", 5);
    BenchmarkOptions options =
        new BenchmarkOptions(
            5, 10, ModelConfig.defaults().withSeed(5), 1, SplitRule.parse("subject"));
    Benchmark benchmark = new Benchmark(task, sites, options, BenchmarkProgress.SILENT);
    evaluation = new SimulatedEvaluation(benchmark, options);
    List<String> ids = benchmark.splits().stream().map(SiteSplit::site).toList();
    privateSite = ids.get(0);
    exactSite = ids.get(1);
    // a budget of epsilon 5: a few releases at epsilon 2 fit, composed in RDP, then no more
    ledger = SitePrivacyLedger.inMemory("simulation", new PrivacyBudget(5, 1e-5));
    evaluation.agent(privateSite).withPrivacyLedger(ledger).withEvaluationPrivacy(RELEASE);
    evaluation.agent(privateSite).tap(outbound::add);
  }

  @AfterAll
  static void close() throws Exception {
    evaluation.close();
  }

  @Test
  void privateRelease_isNoisedLabelledAndCharged_theExactSiteIsUntouched() throws Exception {
    EvaluationSubject linear = new EvaluationSubject.Baseline("linear");
    evaluation.agent(privateSite).withEvaluationPrivacy(EvaluationPrivacy.exact());
    EvaluationOutcome exact = evaluation.outcome(linear);
    int entriesBefore = ledger.entries().size();
    evaluation.agent(privateSite).withEvaluationPrivacy(RELEASE);
    EvaluationOutcome noised = evaluation.outcome(linear);

    EvaluationResult exactAnswer = exact.results().get(privateSite);
    EvaluationResult noisedAnswer = noised.results().get(privateSite);
    assertThat(exactAnswer.hasRelease()).isFalse();
    assertThat(noisedAnswer.hasRelease()).isTrue();
    assertThat(noisedAnswer.getRelease().getEpsilon()).isEqualTo(2.0);
    assertThat(noisedAnswer.getRelease().getNoiseMultiplier()).isEqualTo(RELEASE.noiseMultiplier());
    assertThat(noisedAnswer.getRelease().getClipSds()).isEqualTo(3.0);
    // the same baseline on the same split: only the noise tells the answers apart
    assertThat(sum(noisedAnswer, "abs_error")).isNotEqualTo(sum(exactAnswer, "abs_error"));
    // the exact site's answers are identical both times and carry no release
    assertThat(noised.results().get(exactSite).hasRelease()).isFalse();
    assertThat(noised.results().get(exactSite).getTargetsList())
        .isEqualTo(exact.results().get(exactSite).getTargetsList());

    // exactly one charge for the one private release, at record level, with its sigma
    List<LedgerEntry> added = ledger.entries().subList(entriesBefore, ledger.entries().size());
    assertThat(added).hasSize(1);
    PrivacyLedger.Charge charge = added.get(0).charge();
    assertThat(charge.level()).isEqualTo(PrivacyLedger.Level.RECORD);
    assertThat(charge.noiseMultiplier()).isEqualTo(RELEASE.noiseMultiplier());
    assertThat(charge.description()).contains("evaluation eval-");
    assertThat(added.get(0).jobId()).startsWith("eval-");
  }

  @Test
  void releasesPastTheSiteBudget_areRefusedWithTheReason_andNothingIsSent() throws Exception {
    EvaluationSubject noChange = new EvaluationSubject.Baseline("no-change");
    String refusal = null;
    for (int i = 0; i < 20 && refusal == null; i++) {
      int chargedBefore = ledger.entries().size();
      try {
        evaluation.outcome(noChange);
        assertThat(ledger.entries()).hasSize(chargedBefore + 1);
      } catch (IllegalStateException e) {
        refusal = e.getMessage();
        assertThat(ledger.entries()).hasSize(chargedBefore); // not charged
      }
    }
    assertThat(refusal).contains("site privacy budget").contains("5.0000");
    // what the site sent (the tap sees each message before the coordinator does)
    List<EvaluationResult> sent = results(privateSite);
    EvaluationResult refused =
        sent.stream().filter(r -> !r.getFailure().isEmpty()).findFirst().orElseThrow();
    assertThat(refused.getTargetsList()).isEmpty(); // a refusal carries no sums
    assertThat(refused.getFailure()).contains("site privacy budget");
    // every noised release sent was charged, and every charge was a release sent
    assertThat(sent.stream().filter(EvaluationResult::hasRelease).count())
        .isEqualTo(ledger.entries().size());
    assertThat(refusal).as("the budget of 5 must run out within 20 releases at 2").isNotNull();
    assertThat(ledger.spent(PrivacyLedger.Level.RECORD).epsilon()).isLessThanOrEqualTo(5.0);
    assertThat(ledger.entries().size()).isGreaterThan(2); // RDP composition fits more than 5/2
  }

  private static List<EvaluationResult> results(String site) {
    synchronized (outbound) {
      return outbound.stream()
          .filter(SiteMessage::hasEvaluationResult)
          .map(SiteMessage::getEvaluationResult)
          .filter(r -> r.getSiteId().equals(site))
          .toList();
    }
  }

  private static double sum(EvaluationResult result, String key) {
    double total = 0;
    for (var target : result.getTargetsList()) {
      total += target.getSumsOrDefault(key, 0);
    }
    return total;
  }
}
