package org.transitionnet.federation.aggregation.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transitionnet.federation.LeastSquaresTrainer;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.simulation.InProcessFederation;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.store.RoundRecord;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.security.secagg.AggregateResult;

/**
 * Secure aggregation inside real rounds: in-process gRPC, the real coordinator, site agents and
 * security's secagg protocol code.
 */
class SecureAggregationRoundTest {

  private static final double[] TRUE_W = {1.5, -2.0, 0.5, 3.0};
  private static final List<String> SITES = List.of("site-a", "site-b", "site-c");

  private InProcessFederation federation;
  private final Map<String, Recorder> trainers = new ConcurrentHashMap<>();

  @AfterEach
  void tearDown() throws InterruptedException {
    if (federation != null) {
      federation.close();
    }
  }

  /** Records each round's global model and the update it returned, to recompute encodings. */
  private static final class Recorder implements LocalTrainer {
    private final LeastSquaresTrainer inner;
    final Map<RoundId, int[]> encoded = new ConcurrentHashMap<>();

    Recorder(LeastSquaresTrainer inner) {
      this.inner = inner;
    }

    @Override
    public LocalUpdate train(double[] global, RoundPlan plan) throws TrainingException {
      LocalUpdate update = inner.train(global, plan);
      double[] delta = update.parameters().clone();
      for (int i = 0; i < delta.length; i++) {
        delta[i] -= global[i];
      }
      encoded.put(
          plan.round(),
          SecureUpdateEncoding.STANDARD.encode(delta, update.sampleCount(), update.loss()));
      return update;
    }
  }

  /** Everything the coordinator's secure aggregation received and released. */
  private static class Transcript implements SecureAggregation.Audit {
    final List<Map.Entry<String, SecAggMessage>> received = new CopyOnWriteArrayList<>();
    final Map<RoundId, AggregateResult> released = new ConcurrentHashMap<>();

    @Override
    public void received(String siteId, SecAggMessage message) {
      received.add(Map.entry(siteId, message));
    }

    @Override
    public void released(RoundId round, AggregateResult aggregate) {
      released.put(round, aggregate);
    }
  }

  private void start(Transcript transcript) throws InterruptedException {
    federation = InProcessFederation.withSecureAggregation("secagg-test", transcript);
    int[] sizes = {50, 120, 80};
    for (int i = 0; i < SITES.size(); i++) {
      Recorder recorder =
          new Recorder(LeastSquaresTrainer.synthetic(TRUE_W, sizes[i], 0.3 * i, i + 1));
      trainers.put(SITES.get(i), recorder);
      federation.addSite(SITES.get(i), SitePolicy.acceptAll("default"), recorder);
    }
    federation.awaitSites(Duration.ofSeconds(5));
  }

  private JobRecord runJob(String id, int rounds, int minSites, Duration timeout)
      throws InterruptedException {
    JobSpec job =
        JobSpec.of(id, StrategyKind.FEDAVG, rounds, TRUE_W.length)
            .withTraining(3, 0.05, 0.0)
            .withMinSites(minSites)
            .withRoundTimeout(timeout)
            .withSecureAggregation(true);
    federation.coordinator().submit(job, new double[TRUE_W.length]);
    return federation.coordinator().run(id);
  }

  private int[] plainSum(RoundId round, List<String> sites) {
    int[] sum = new int[SecureUpdateEncoding.vectorLength(TRUE_W.length)];
    for (String site : sites) {
      int[] encoded = trainers.get(site).encoded.get(round);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += encoded[i];
      }
    }
    return sum;
  }

  @Test
  void secureRounds_aggregateEqualsThePlainSumOfTheSameQuantizedUpdates() throws Exception {
    Transcript transcript = new Transcript();
    start(transcript);

    JobRecord done = runJob("job-exact", 3, 3, Duration.ofSeconds(30));

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(transcript.released).hasSize(3);
    transcript.released.forEach(
        (round, aggregate) -> {
          assertThat(aggregate.contributors()).containsExactlyElementsOf(SITES);
          assertThat(aggregate.sum()).isEqualTo(plainSum(round, SITES));
        });
    List<RoundRecord> records = federation.store().rounds().rounds("job-exact");
    assertThat(records).extracting(RoundRecord::round).containsExactly(1, 2, 3);
    // the sample count is recovered from the masked weights: 250 samples at weight cap 10 000
    assertThat(records).allSatisfy(r -> assertThat(r.totalSamples()).isEqualTo(250));
    double[] trained =
        federation.store().rounds().latestModel("job-exact").orElseThrow().parameters();
    assertThat(trained).isNotEqualTo(new double[TRUE_W.length]);
  }

  @Test
  void siteKilledAfterItsMaskedUpload_roundStillProducesTheAggregate() throws Exception {
    Transcript transcript =
        new Transcript() {
          @Override
          public void received(String siteId, SecAggMessage message) {
            super.received(siteId, message);
            if (siteId.equals("site-c") && isLastMaskedChunk(message)) {
              federation.connection("site-c").close();
            }
          }
        };
    start(transcript);

    JobRecord done = runJob("job-drop", 1, 2, Duration.ofSeconds(30));

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    RoundId round = new RoundId("job-drop", 1, 1);
    AggregateResult aggregate = transcript.released.get(round);
    assertThat(aggregate).isNotNull();
    // site-c's masked input is in the sum; its self mask came back from the others' shares
    assertThat(aggregate.contributors()).containsExactlyElementsOf(SITES);
    assertThat(aggregate.sum()).isEqualTo(plainSum(round, SITES));
    assertThat(
            transcript.received.stream()
                .filter(e -> e.getValue().hasUnmaskingResponse())
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrder("site-a", "site-b");
  }

  @Test
  void fewerThanThresholdSurvivors_roundRefusedAndNothingReleased() throws Exception {
    Transcript transcript =
        new Transcript() {
          @Override
          public void received(String siteId, SecAggMessage message) {
            super.received(siteId, message);
            if (!siteId.equals("site-a") && isLastMaskedChunk(message)) {
              federation.connection(siteId).close();
            }
          }
        };
    start(transcript);

    JobRecord done = runJob("job-few", 1, 1, Duration.ofSeconds(3));

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.failure()).contains("secure aggregation refused the round");
    assertThat(transcript.released).isEmpty();
    assertThat(federation.store().rounds().rounds("job-few")).isEmpty();
  }

  @Test
  void coordinatorTranscript_containsNoSingleSiteUpdate() throws Exception {
    Transcript transcript = new Transcript();
    start(transcript);

    assertThat(runJob("job-transcript", 2, 3, Duration.ofSeconds(30)).status())
        .isEqualTo(JobStatus.COMPLETED);

    assertThat(transcript.received).isNotEmpty();
    List<double[]> maskedValues = new ArrayList<>();
    for (Map.Entry<String, SecAggMessage> e : transcript.received) {
      SecAggMessage m = e.getValue();
      assertThat(
              m.hasAdvertiseKeys()
                  || m.hasShareKeys()
                  || m.hasMaskedInput()
                  || m.hasMaskedChunk()
                  || m.hasUnmaskingResponse())
          .as("a site sends only protocol messages")
          .isTrue();
      if (m.hasMaskedChunk()) {
        maskedValues.add(
            m.getMaskedChunk().getValuesList().stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
    assertThat(maskedValues).hasSize(2 * SITES.size());
    for (Recorder recorder : trainers.values()) {
      for (int[] encoded : recorder.encoded.values()) {
        for (double[] masked : maskedValues) {
          int equal = 0;
          for (int i = 0; i < encoded.length; i++) {
            if ((int) masked[i] == encoded[i]) {
              equal++;
            }
          }
          assertThat(equal).as("coordinates of a site's update visible unmasked").isZero();
        }
        // the released sums are over all three sites, never one site's vector
        for (AggregateResult aggregate : transcript.released.values()) {
          assertThat(aggregate.sum()).isNotEqualTo(encoded);
        }
      }
    }
  }

  private static boolean isLastMaskedChunk(SecAggMessage message) {
    return message.hasMaskedChunk()
        && message.getMaskedChunk().getIndex() == message.getMaskedChunk().getCount() - 1;
  }
}
