package org.transitionnet.security.secagg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.transitionnet.security.pki.ConsortiumTrust;

/**
 * The coordinator's side of one secure aggregation round. It relays keys and encrypted shares, adds
 * the masked inputs into one running sum as they arrive (no single site's masked vector is kept),
 * and after the unmasking phase removes the masks: self masks of survivors from their reconstructed
 * seeds, pairwise masks of sites that dropped before sending their input from their reconstructed
 * private keys. Reconstructed secrets are checked against what their owners committed to (seed
 * hash, public key) before use.
 *
 * <p>Every {@code accept…} takes the site id the transport authenticated (the mutual-TLS peer) and
 * refuses messages whose claimed site differs, belong to another job or round, come from a site not
 * in the current phase, or repeat. If fewer than {@code minimumSurvivors} sites remain at any
 * phase, or too few shares arrive to remove a mask, the round fails with {@link
 * SecAggException.Reason#TOO_FEW_SURVIVORS} and releases nothing.
 *
 * <p>Thread-safe: {@code accept…} calls may come from concurrent transport threads.
 */
public final class SecAggServer {

  private enum Phase {
    ADVERTISE,
    SHARE,
    MASK,
    UNMASK,
    DONE,
    FAILED
  }

  private final SecAggParameters parameters;
  private final ConsortiumTrust trust;

  private Phase phase = Phase.ADVERTISE;
  private final Map<String, KeyAdvertisement> advertisements = new TreeMap<>();
  private List<String> roster = List.of();
  private final Map<String, Integer> indexOf = new HashMap<>();
  private final Map<String, List<String>> neighbours = new HashMap<>();
  private final Map<String, List<EncryptedShare>> inbox = new HashMap<>();
  private final Set<String> shared = new TreeSet<>();
  private final Set<String> masked = new TreeSet<>();
  private int[] sum;
  private final Map<String, UnmaskingResponse> responses = new LinkedHashMap<>();

  public SecAggServer(SecAggParameters parameters, ConsortiumTrust trust) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.trust = Objects.requireNonNull(trust, "trust");
  }

  /** Phase 0: records a site's signed round keys. */
  public synchronized void acceptAdvertisement(String authenticatedSite, KeyAdvertisement message)
      throws SecAggException {
    expect(Phase.ADVERTISE, authenticatedSite);
    requireSender(authenticatedSite, message.siteId());
    RoundChecks.verifyAdvertisement(parameters, trust, message);
    if (advertisements.putIfAbsent(message.siteId(), message) != null) {
      throw new SecAggException(SecAggException.Reason.DUPLICATE, authenticatedSite, "keys");
    }
  }

  /** Ends phase 0: the roster U1 every site receives. */
  public synchronized KeyRoster closeAdvertisements() throws SecAggException {
    expect(Phase.ADVERTISE, null);
    requireEnough("advertised keys", advertisements.size());
    roster = List.copyOf(advertisements.keySet());
    for (int i = 0; i < roster.size(); i++) {
      indexOf.put(roster.get(i), i + 1);
    }
    for (String site : roster) {
      neighbours.put(site, parameters.graph().neighbours(site, roster, parameters.graphSeed()));
      inbox.put(site, new ArrayList<>());
    }
    phase = Phase.SHARE;
    return new KeyRoster(
        parameters.jobId(), parameters.round(), List.copyOf(advertisements.values()));
  }

  /** Phase 1: queues a site's encrypted shares for their receivers. */
  public synchronized void acceptShares(String authenticatedSite, ShareBundle message)
      throws SecAggException {
    expect(Phase.SHARE, authenticatedSite);
    requireSender(authenticatedSite, message.siteId());
    RoundChecks.requireRound(parameters, message, authenticatedSite);
    List<String> allowed = neighbours.get(authenticatedSite);
    if (allowed == null) {
      throw new SecAggException(
          SecAggException.Reason.NOT_A_PARTICIPANT, authenticatedSite, "not in the roster");
    }
    if (shared.contains(authenticatedSite)) {
      throw new SecAggException(SecAggException.Reason.DUPLICATE, authenticatedSite, "shares");
    }
    Set<String> receivers = new HashSet<>();
    for (EncryptedShare share : message.shares()) {
      if (!share.sender().equals(authenticatedSite)
          || !allowed.contains(share.receiver())
          || !receivers.add(share.receiver())) {
        throw new SecAggException(
            SecAggException.Reason.MALFORMED,
            authenticatedSite,
            "share " + share.sender() + "->" + share.receiver());
      }
    }
    for (EncryptedShare share : message.shares()) {
      inbox.get(share.receiver()).add(share);
    }
    shared.add(authenticatedSite);
  }

  /**
   * Ends phase 1 (U2 = sites whose shares arrived): the delivery for each of them, holding the
   * shares addressed to it by other members of U2.
   */
  public synchronized Map<String, ShareDelivery> closeShares() throws SecAggException {
    expect(Phase.SHARE, null);
    requireEnough("sites that shared keys", shared.size());
    Map<String, ShareDelivery> deliveries = new TreeMap<>();
    for (String receiver : shared) {
      List<EncryptedShare> forReceiver =
          inbox.get(receiver).stream().filter(s -> shared.contains(s.sender())).toList();
      deliveries.put(
          receiver,
          new ShareDelivery(parameters.jobId(), parameters.round(), receiver, forReceiver));
    }
    inbox.clear();
    sum = new int[parameters.vectorLength()];
    phase = Phase.MASK;
    return deliveries;
  }

  /** Phase 2: adds a site's masked input into the running sum. */
  public synchronized void acceptMaskedInput(String authenticatedSite, MaskedInput message)
      throws SecAggException {
    expect(Phase.MASK, authenticatedSite);
    requireSender(authenticatedSite, message.siteId());
    RoundChecks.requireRound(parameters, message, authenticatedSite);
    if (!shared.contains(authenticatedSite)) {
      throw new SecAggException(
          SecAggException.Reason.NOT_A_PARTICIPANT, authenticatedSite, "did not share keys");
    }
    if (message.maskedVector().length != parameters.vectorLength()) {
      throw new SecAggException(
          SecAggException.Reason.MALFORMED,
          authenticatedSite,
          "vector of " + message.maskedVector().length + ", expected " + parameters.vectorLength());
    }
    if (!masked.add(authenticatedSite)) {
      throw new SecAggException(SecAggException.Reason.DUPLICATE, authenticatedSite, "input");
    }
    int[] vector = message.maskedVector();
    int[] total = sum;
    for (int i = 0; i < total.length; i++) {
      total[i] += vector[i];
    }
  }

  /** Ends phase 2: the survivors U3 whose inputs are in the sum. */
  public synchronized SurvivorList closeMaskedInputs() throws SecAggException {
    expect(Phase.MASK, null);
    requireEnough("masked inputs", masked.size());
    phase = Phase.UNMASK;
    return new SurvivorList(parameters.jobId(), parameters.round(), List.copyOf(masked));
  }

  /** Phase 3: records a survivor's revealed shares. */
  public synchronized void acceptUnmasking(String authenticatedSite, UnmaskingResponse message)
      throws SecAggException {
    expect(Phase.UNMASK, authenticatedSite);
    requireSender(authenticatedSite, message.siteId());
    RoundChecks.requireRound(parameters, message, authenticatedSite);
    if (!masked.contains(authenticatedSite)) {
      throw new SecAggException(
          SecAggException.Reason.NOT_A_PARTICIPANT, authenticatedSite, "not a survivor");
    }
    int x = indexOf.get(authenticatedSite);
    for (RevealedShare share : message.shares()) {
      boolean survivor = masked.contains(share.owner());
      boolean expectedKind =
          survivor
              ? share.kind() == RevealedShare.Kind.SELF_MASK_SEED
              : share.kind() == RevealedShare.Kind.MASK_PRIVATE_KEY;
      boolean holder =
          share.owner().equals(authenticatedSite)
              || (shared.contains(share.owner())
                  && neighbours.get(share.owner()).contains(authenticatedSite));
      if (!expectedKind
          || !holder
          || share.x() != x
          || share.value().length != ShamirSharing.SHARE_BYTES) {
        throw new SecAggException(
            SecAggException.Reason.MALFORMED,
            authenticatedSite,
            "share of " + share.owner() + " (" + share.kind() + ")");
      }
    }
    if (responses.putIfAbsent(authenticatedSite, message) != null) {
      throw new SecAggException(SecAggException.Reason.DUPLICATE, authenticatedSite, "unmasking");
    }
  }

  /**
   * Ends the round: removes the masks and returns the sum of the survivors' quantized updates.
   *
   * @throws SecAggException TOO_FEW_SURVIVORS if fewer than the threshold answered or some mask
   *     cannot be removed; INCONSISTENT if a reconstructed secret contradicts its commitment. The
   *     round is then failed and the masked sum discarded.
   */
  public synchronized AggregateResult finish() throws SecAggException {
    expect(Phase.UNMASK, null);
    try {
      requireEnough("unmasking responses", responses.size());
      Map<String, List<ShamirSharing.Share>> seedShares = new HashMap<>();
      Map<String, List<ShamirSharing.Share>> keyShares = new HashMap<>();
      for (UnmaskingResponse response : responses.values()) {
        for (RevealedShare share : response.shares()) {
          (share.kind() == RevealedShare.Kind.SELF_MASK_SEED ? seedShares : keyShares)
              .computeIfAbsent(share.owner(), o -> new ArrayList<>())
              .add(ShamirSharing.Share.of(share.x(), share.value()));
        }
      }
      int[] result = sum;
      for (String survivor : masked) {
        byte[] seed = reconstruct(survivor, seedShares);
        if (!Arrays.equals(
            RoundChecks.commitment(seed), advertisements.get(survivor).selfMaskCommitment())) {
          throw new SecAggException(
              SecAggException.Reason.INCONSISTENT, survivor, "self-mask seed commitment");
        }
        MaskExpansion.apply(
            result, seed, parameters.context(RoundChecks.SELF_MASK), RoundChecks.SELF_MASK, -1);
      }
      byte[] pairSalt = parameters.context(RoundChecks.PAIRWISE_MASK);
      for (String dropped : shared) {
        if (masked.contains(dropped)) {
          continue;
        }
        byte[] privateKey = reconstruct(dropped, keyShares);
        if (!Arrays.equals(
            X25519Keys.publicKey(privateKey), advertisements.get(dropped).maskPublicKey())) {
          throw new SecAggException(
              SecAggException.Reason.INCONSISTENT, dropped, "mask private key");
        }
        for (String survivor : neighbours.get(dropped)) {
          if (!masked.contains(survivor)) {
            continue;
          }
          byte[] agreed =
              X25519Keys.agree(privateKey, advertisements.get(survivor).maskPublicKey());
          // the survivor applied pairSign(survivor, dropped) * mask; remove it
          MaskExpansion.apply(
              result,
              agreed,
              pairSalt,
              RoundChecks.PAIRWISE_MASK,
              -RoundChecks.pairSign(survivor, dropped));
        }
      }
      phase = Phase.DONE;
      sum = null;
      return new AggregateResult(
          parameters.jobId(), parameters.round(), List.copyOf(masked), result);
    } catch (SecAggException e) {
      fail();
      throw e;
    }
  }

  /** The roster U1 (empty until {@link #closeAdvertisements()}). */
  public synchronized List<String> roster() {
    return roster;
  }

  private byte[] reconstruct(String owner, Map<String, List<ShamirSharing.Share>> sharesByOwner)
      throws SecAggException {
    List<String> holders = new ArrayList<>(neighbours.get(owner));
    holders.add(owner);
    int threshold =
        parameters.graph().shareThreshold(holders.size(), parameters.minimumSurvivors());
    List<ShamirSharing.Share> shares = sharesByOwner.getOrDefault(owner, List.of());
    if (shares.size() < threshold) {
      throw new SecAggException(
          SecAggException.Reason.TOO_FEW_SURVIVORS,
          owner,
          shares.size() + " shares, " + threshold + " needed to remove its mask");
    }
    return ShamirSharing.combine(shares.subList(0, threshold));
  }

  private void fail() {
    phase = Phase.FAILED;
    sum = null;
  }

  private void requireEnough(String what, int count) throws SecAggException {
    if (count < parameters.minimumSurvivors()) {
      fail();
      throw new SecAggException(
          SecAggException.Reason.TOO_FEW_SURVIVORS,
          null,
          what + ": " + count + " < threshold " + parameters.minimumSurvivors());
    }
  }

  private static void requireSender(String authenticated, String claimed) throws SecAggException {
    if (!Objects.equals(authenticated, claimed)) {
      throw new SecAggException(
          SecAggException.Reason.IMPERSONATION,
          authenticated,
          "message claims to come from " + claimed);
    }
  }

  private void expect(Phase expected, String site) throws SecAggException {
    if (phase != expected) {
      throw new SecAggException(
          SecAggException.Reason.OUT_OF_ORDER, site, "round is in phase " + phase);
    }
  }
}
