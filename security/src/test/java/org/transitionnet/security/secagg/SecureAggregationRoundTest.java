package org.transitionnet.security.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.transitionnet.security.envelope.Envelope;
import org.transitionnet.security.secagg.RoundDriver.DropBefore;

class SecureAggregationRoundTest {

  private static final int LENGTH = 1_000;
  private final SecureRandom random = new SecureRandom();

  @Test
  void allSitesSurvive_sumIsExactlyThePlainSum() throws Exception {
    List<String> sites = Consortium.siteIds(5);
    Map<String, int[]> updates = updates(sites, 1);

    AggregateResult result =
        driver("job", 1, sites, MaskingGraph.complete()).run(updates, Map.of());

    assertThat(result.contributors()).containsExactlyElementsOf(sites);
    assertThat(result.sum())
        .containsExactly(RoundDriver.plainSum(updates, Set.copyOf(sites), LENGTH));
  }

  @Test
  void siteDroppedBeforeMaskedInput_pairwiseMasksRecoveredFromShares() throws Exception {
    List<String> sites = Consortium.siteIds(5);
    Map<String, int[]> updates = updates(sites, 2);

    AggregateResult result =
        driver("job", 1, sites, MaskingGraph.complete())
            .run(updates, Map.of("site-02", DropBefore.MASKED_INPUT));

    Set<String> survivors = without(sites, "site-02");
    assertThat(result.contributors()).containsExactlyElementsOf(survivors);
    assertThat(result.sum()).containsExactly(RoundDriver.plainSum(updates, survivors, LENGTH));
  }

  @Test
  void siteDroppedAfterMaskedInput_itsInputCountsAndSelfMaskIsRemovedFromShares() throws Exception {
    List<String> sites = Consortium.siteIds(5);
    Map<String, int[]> updates = updates(sites, 3);

    AggregateResult result =
        driver("job", 1, sites, MaskingGraph.complete())
            .run(updates, Map.of("site-04", DropBefore.UNMASKING));

    assertThat(result.sum())
        .containsExactly(RoundDriver.plainSum(updates, Set.copyOf(sites), LENGTH));
  }

  @Test
  void tooFewSurvivors_roundRefusedAndNothingReleased() {
    List<String> sites = Consortium.siteIds(5); // t = 3
    Map<String, int[]> updates = updates(sites, 4);
    RoundDriver driver = driver("job", 1, sites, MaskingGraph.complete());

    assertThatThrownBy(
            () ->
                driver.run(
                    updates,
                    Map.of(
                        "site-00", DropBefore.MASKED_INPUT,
                        "site-01", DropBefore.MASKED_INPUT,
                        "site-02", DropBefore.MASKED_INPUT)))
        .isInstanceOfSatisfying(
            SecAggException.class,
            e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.TOO_FEW_SURVIVORS));
    assertThatThrownBy(driver.server::finish).isInstanceOf(SecAggException.class);
  }

  @Test
  void tooFewUnmaskingResponses_refused() {
    List<String> sites = Consortium.siteIds(5);
    Map<String, int[]> updates = updates(sites, 5);
    RoundDriver driver = driver("job", 1, sites, MaskingGraph.complete());

    assertThatThrownBy(
            () ->
                driver.run(
                    updates,
                    Map.of(
                        "site-00", DropBefore.UNMASKING,
                        "site-01", DropBefore.UNMASKING,
                        "site-02", DropBefore.UNMASKING)))
        .isInstanceOfSatisfying(
            SecAggException.class,
            e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.TOO_FEW_SURVIVORS));
  }

  @Test
  void secAggPlus_withDropOuts_sumIsExact() throws Exception {
    List<String> sites = Consortium.siteIds(10);
    Map<String, int[]> updates = updates(sites, 6);

    AggregateResult result =
        driver("job", 1, sites, MaskingGraph.secAggPlus(6))
            .run(
                updates,
                Map.of(
                    "site-03", DropBefore.SHARES,
                    "site-07", DropBefore.MASKED_INPUT,
                    "site-09", DropBefore.UNMASKING));

    Set<String> survivors = without(sites, "site-03", "site-07");
    assertThat(result.sum()).containsExactly(RoundDriver.plainSum(updates, survivors, LENGTH));
  }

  @Test
  void advertisementFromPreviousRoundOrOtherJob_refused() throws Exception {
    SecAggParameters previous =
        SecAggParameters.withMajorityThreshold("job", 1, LENGTH, 3, MaskingGraph.complete());
    KeyAdvertisement old =
        new SecAggClient(previous, Consortium.site("site-00"), Consortium.TRUST, random)
            .advertiseKeys();

    for (SecAggParameters current :
        List.of(
            SecAggParameters.withMajorityThreshold("job", 2, LENGTH, 3, MaskingGraph.complete()),
            SecAggParameters.withMajorityThreshold(
                "other", 1, LENGTH, 3, MaskingGraph.complete()))) {
      SecAggServer server = new SecAggServer(current, Consortium.TRUST);
      assertThatThrownBy(() -> server.acceptAdvertisement("site-00", old))
          .isInstanceOfSatisfying(
              SecAggException.class,
              e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.WRONG_ROUND));
    }
  }

  @Test
  void advertisementWithRoundFieldRewritten_failsSignature() throws Exception {
    SecAggParameters round1 =
        SecAggParameters.withMajorityThreshold("job", 1, LENGTH, 3, MaskingGraph.complete());
    KeyAdvertisement old =
        new SecAggClient(round1, Consortium.site("site-00"), Consortium.TRUST, random)
            .advertiseKeys();
    KeyAdvertisement replayed =
        new KeyAdvertisement(
            "job",
            2,
            "site-00",
            old.maskPublicKey(),
            old.sharePublicKey(),
            old.selfMaskCommitment(),
            old.certificate(),
            old.signature());
    SecAggServer server =
        new SecAggServer(
            SecAggParameters.withMajorityThreshold("job", 2, LENGTH, 3, MaskingGraph.complete()),
            Consortium.TRUST);

    assertThatThrownBy(() -> server.acceptAdvertisement("site-00", replayed))
        .isInstanceOfSatisfying(
            SecAggException.class,
            e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.IMPERSONATION));
  }

  @Test
  void advertisementClaimingAnotherSite_refused() throws Exception {
    SecAggParameters parameters =
        SecAggParameters.withMajorityThreshold("job", 1, LENGTH, 3, MaskingGraph.complete());
    KeyAdvertisement mine =
        new SecAggClient(parameters, Consortium.site("site-01"), Consortium.TRUST, random)
            .advertiseKeys();
    KeyAdvertisement claimingSite0 =
        new KeyAdvertisement(
            "job",
            1,
            "site-00",
            mine.maskPublicKey(),
            mine.sharePublicKey(),
            mine.selfMaskCommitment(),
            mine.certificate(),
            mine.signature());
    SecAggServer server = new SecAggServer(parameters, Consortium.TRUST);

    // over a connection authenticated as site-01, and even if the transport were fooled
    assertThatThrownBy(() -> server.acceptAdvertisement("site-01", claimingSite0))
        .hasFieldOrPropertyWithValue("reason", SecAggException.Reason.IMPERSONATION);
    assertThatThrownBy(() -> server.acceptAdvertisement("site-00", claimingSite0))
        .hasFieldOrPropertyWithValue("reason", SecAggException.Reason.IMPERSONATION);
  }

  @Test
  void maskedInputFromAnotherRoundOrIdentity_refused() throws Exception {
    List<String> sites = Consortium.siteIds(3);
    RoundDriver driver = driver("job", 7, sites, MaskingGraph.complete());
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptAdvertisement(client.siteId(), client.advertiseKeys());
    }
    KeyRoster roster = driver.server.closeAdvertisements();
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptShares(client.siteId(), client.shareKeys(roster));
    }
    Map<String, ShareDelivery> deliveries = driver.server.closeShares();
    MaskedInput input =
        driver.clients.get("site-00").maskInput(deliveries.get("site-00"), new int[LENGTH]);

    assertThatThrownBy(
            () ->
                driver.server.acceptMaskedInput(
                    "site-00", new MaskedInput("job", 6, "site-00", input.maskedVector())))
        .hasFieldOrPropertyWithValue("reason", SecAggException.Reason.WRONG_ROUND);
    assertThatThrownBy(() -> driver.server.acceptMaskedInput("site-01", input))
        .hasFieldOrPropertyWithValue("reason", SecAggException.Reason.IMPERSONATION);
    driver.server.acceptMaskedInput("site-00", input);
    assertThatThrownBy(() -> driver.server.acceptMaskedInput("site-00", input))
        .hasFieldOrPropertyWithValue("reason", SecAggException.Reason.DUPLICATE);
  }

  @Test
  void corruptedShare_isDroppedNotACrash_andTheRoundStillSums() throws Exception {
    List<String> sites = Consortium.siteIds(5);
    Map<String, int[]> updates = updates(sites, 8);
    RoundDriver driver = driver("job", 1, sites, MaskingGraph.complete());
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptAdvertisement(client.siteId(), client.advertiseKeys());
    }
    KeyRoster roster = driver.server.closeAdvertisements();
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptShares(client.siteId(), client.shareKeys(roster));
    }
    Map<String, ShareDelivery> deliveries = new HashMap<>(driver.server.closeShares());
    ShareDelivery toSite0 = deliveries.get("site-00");
    List<EncryptedShare> tampered =
        toSite0.shares().stream()
            .map(s -> s.sender().equals("site-01") ? flipOneBit(s) : s)
            .toList();
    deliveries.put("site-00", new ShareDelivery("job", 1, "site-00", tampered));
    Set<String> survivors = without(sites, "site-01");
    for (SecAggClient client : driver.clients.values()) {
      if (!client.siteId().equals("site-01")) {
        driver.server.acceptMaskedInput(
            client.siteId(),
            client.maskInput(deliveries.get(client.siteId()), updates.get(client.siteId())));
      }
    }
    SurvivorList survivorList = driver.server.closeMaskedInputs();
    UnmaskingResponse fromSite0 = driver.clients.get("site-00").unmask(survivorList);
    for (String site : survivors) {
      driver.server.acceptUnmasking(
          site, site.equals("site-00") ? fromSite0 : driver.clients.get(site).unmask(survivorList));
    }

    assertThat(fromSite0.shares()).noneMatch(s -> s.owner().equals("site-01"));
    assertThat(driver.server.finish().sum())
        .containsExactly(RoundDriver.plainSum(updates, survivors, LENGTH));
  }

  @Test
  void shareReplayedFromPreviousRound_doesNotOpen() throws Exception {
    List<String> sites = Consortium.siteIds(3);
    RoundDriver round1 = driver("job", 1, sites, MaskingGraph.complete());
    RoundDriver round2 = driver("job", 2, sites, MaskingGraph.complete());
    Map<String, ShareDelivery> old = sharesPhase(round1);
    Map<String, ShareDelivery> current = sharesPhase(round2);
    EncryptedShare oldShare = old.get("site-00").shares().get(0);
    List<EncryptedShare> mixed =
        current.get("site-00").shares().stream()
            .map(s -> s.sender().equals(oldShare.sender()) ? oldShare : s)
            .toList();

    round2
        .clients
        .get("site-00")
        .maskInput(new ShareDelivery("job", 2, "site-00", mixed), new int[LENGTH]);
    UnmaskingResponse response =
        round2
            .clients
            .get("site-00")
            .unmask(new SurvivorList("job", 2, List.of("site-00", "site-01", "site-02")));

    assertThat(response.shares()).noneMatch(s -> s.owner().equals(oldShare.sender()));
  }

  @Test
  void clientRefusesRosterWithForgedSignature() throws Exception {
    List<String> sites = Consortium.siteIds(3);
    RoundDriver driver = driver("job", 1, sites, MaskingGraph.complete());
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptAdvertisement(client.siteId(), client.advertiseKeys());
    }
    KeyRoster roster = driver.server.closeAdvertisements();
    KeyAdvertisement a = roster.advertisements().get(1);
    byte[] otherKey = roster.advertisements().get(2).maskPublicKey();
    KeyAdvertisement swapped =
        new KeyAdvertisement(
            a.jobId(),
            a.round(),
            a.siteId(),
            otherKey,
            a.sharePublicKey(),
            a.selfMaskCommitment(),
            a.certificate(),
            a.signature());
    KeyRoster forged =
        new KeyRoster(
            "job",
            1,
            List.of(roster.advertisements().get(0), swapped, roster.advertisements().get(2)));

    assertThatThrownBy(() -> driver.clients.get("site-00").shareKeys(forged))
        .hasFieldOrPropertyWithValue("reason", SecAggException.Reason.IMPERSONATION);
  }

  private Map<String, ShareDelivery> sharesPhase(RoundDriver driver) throws SecAggException {
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptAdvertisement(client.siteId(), client.advertiseKeys());
    }
    KeyRoster roster = driver.server.closeAdvertisements();
    for (SecAggClient client : driver.clients.values()) {
      driver.server.acceptShares(client.siteId(), client.shareKeys(roster));
    }
    return driver.server.closeShares();
  }

  private static EncryptedShare flipOneBit(EncryptedShare share) {
    byte[] ciphertext = share.envelope().ciphertext();
    ciphertext[3] ^= 1;
    return new EncryptedShare(
        share.sender(), share.receiver(), new Envelope(share.envelope().nonce(), ciphertext));
  }

  private RoundDriver driver(String job, long round, List<String> sites, MaskingGraph graph) {
    return new RoundDriver(
        SecAggParameters.withMajorityThreshold(job, round, LENGTH, sites.size(), graph),
        sites,
        random);
  }

  private static Map<String, int[]> updates(List<String> sites, long seed) {
    Random rng = new Random(seed);
    Map<String, int[]> updates = new HashMap<>();
    for (String site : sites) {
      updates.put(site, rng.ints(LENGTH).toArray());
    }
    return updates;
  }

  private static Set<String> without(List<String> sites, String... dropped) {
    Set<String> set = new TreeSet<>(sites);
    set.removeAll(List.of(dropped));
    return set;
  }
}
