package org.transitionnet.security.secagg;

import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.transitionnet.security.envelope.AeadKey;
import org.transitionnet.security.envelope.EnvelopeException;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.SiteIdentity;

/**
 * The site's side of one secure aggregation round (Bonawitz et al., CCS 2017, honest-but-curious
 * server variant; SecAgg+ when the parameters' graph says so). Call the four phases in order; each
 * takes the server's message and returns the site's reply. A new instance per round: keys and seeds
 * are fresh each round and are never reused.
 *
 * <p>What the site guarantees: its update leaves only masked; it reveals, per other site, either a
 * share of that site's self-mask seed (if the server lists it as a survivor) or a share of its mask
 * private key (if not), never both; every message it accepts is checked for job, round and sender,
 * and advertisements for a valid consortium signature.
 *
 * <p>Not thread-safe; one instance is driven by one round's flow.
 */
public final class SecAggClient {

  private enum Phase {
    ADVERTISE,
    SHARE,
    MASK,
    UNMASK,
    DONE
  }

  private final SecAggParameters parameters;
  private final SiteIdentity identity;
  private final ConsortiumTrust trust;
  private final SecureRandom random;
  private final String self;

  private Phase phase = Phase.ADVERTISE;
  private byte[] maskPrivateKey;
  private byte[] sharePrivateKey;
  private byte[] selfMaskSeed;
  private KeyAdvertisement ownAdvertisement;
  private final Map<String, KeyAdvertisement> roster = new TreeMap<>();
  private final Map<String, Integer> indexOf = new HashMap<>();
  private List<String> neighbours = List.of();
  private final Map<String, RoundChecks.HeldShares> held = new HashMap<>();
  private final Set<String> maskingPeers = new LinkedHashSet<>();

  /**
   * @param parameters the round's parameters (job, round, length, threshold, graph)
   * @param identity the site's enrolled identity; it signs the round keys
   * @param trust checks the other sites' certificates
   * @param random a cryptographically strong source
   */
  public SecAggClient(
      SecAggParameters parameters,
      SiteIdentity identity,
      ConsortiumTrust trust,
      SecureRandom random) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.trust = Objects.requireNonNull(trust, "trust");
    this.random = Objects.requireNonNull(random, "random");
    this.self = identity.siteId();
  }

  public String siteId() {
    return self;
  }

  /** Phase 0: fresh keys and a self-mask seed for this round, signed. */
  public KeyAdvertisement advertiseKeys() throws SecAggException {
    expect(Phase.ADVERTISE);
    maskPrivateKey = X25519Keys.newPrivateKey(random);
    sharePrivateKey = X25519Keys.newPrivateKey(random);
    selfMaskSeed = new byte[32];
    random.nextBytes(selfMaskSeed);
    byte[] certificate;
    try {
      certificate = identity.certificate().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    KeyAdvertisement unsigned =
        new KeyAdvertisement(
            parameters.jobId(),
            parameters.round(),
            self,
            X25519Keys.publicKey(maskPrivateKey),
            X25519Keys.publicKey(sharePrivateKey),
            RoundChecks.commitment(selfMaskSeed),
            certificate,
            new byte[0]);
    ownAdvertisement =
        new KeyAdvertisement(
            unsigned.jobId(),
            unsigned.round(),
            self,
            unsigned.maskPublicKey(),
            unsigned.sharePublicKey(),
            unsigned.selfMaskCommitment(),
            certificate,
            identity.sign(unsigned.signedContent()));
    phase = Phase.SHARE;
    return ownAdvertisement;
  }

  /**
   * Phase 1: checks every advertisement, then Shamir-shares the self-mask seed and the mask private
   * key among this site's neighbours and itself, each neighbour's shares encrypted for it.
   */
  public ShareBundle shareKeys(KeyRoster keyRoster) throws SecAggException {
    expect(Phase.SHARE);
    RoundChecks.requireRound(parameters, keyRoster, null);
    for (KeyAdvertisement advertisement : keyRoster.advertisements()) {
      RoundChecks.verifyAdvertisement(parameters, trust, advertisement);
      if (roster.put(advertisement.siteId(), advertisement) != null) {
        throw new SecAggException(
            SecAggException.Reason.DUPLICATE, advertisement.siteId(), "twice in the roster");
      }
    }
    KeyAdvertisement mine = roster.get(self);
    if (mine == null
        || !Arrays.equals(mine.maskPublicKey(), ownAdvertisement.maskPublicKey())
        || !Arrays.equals(mine.sharePublicKey(), ownAdvertisement.sharePublicKey())) {
      throw new SecAggException(
          SecAggException.Reason.MALFORMED, self, "roster lacks or alters this site's keys");
    }
    if (roster.size() < parameters.minimumSurvivors()) {
      throw tooFew("roster", roster.size());
    }
    List<String> ids = List.copyOf(roster.keySet());
    for (int i = 0; i < ids.size(); i++) {
      indexOf.put(ids.get(i), i + 1);
    }
    neighbours = parameters.graph().neighbours(self, ids, parameters.graphSeed());
    List<String> holders = new ArrayList<>(neighbours);
    holders.add(self);
    holders.sort(null);
    int threshold =
        parameters.graph().shareThreshold(holders.size(), parameters.minimumSurvivors());
    List<Integer> xs = holders.stream().map(indexOf::get).toList();
    List<ShamirSharing.Share> seedShares = ShamirSharing.split(selfMaskSeed, threshold, xs, random);
    List<ShamirSharing.Share> keyShares =
        ShamirSharing.split(maskPrivateKey, threshold, xs, random);
    byte[] salt = parameters.context(RoundChecks.SHARE_KEY);
    List<EncryptedShare> out = new ArrayList<>();
    for (int i = 0; i < holders.size(); i++) {
      String holder = holders.get(i);
      if (holder.equals(self)) {
        held.put(self, new RoundChecks.HeldShares(seedShares.get(i), keyShares.get(i)));
        continue;
      }
      byte[] agreed = X25519Keys.agree(sharePrivateKey, roster.get(holder).sharePublicKey());
      if (agreed == null) {
        throw new SecAggException(SecAggException.Reason.MALFORMED, holder, "low-order key");
      }
      AeadKey key = AeadKey.derive(agreed, salt, RoundChecks.SHARE_KEY);
      byte[] plaintext =
          RoundChecks.encodeShares(self, holder, xs.get(i), seedShares.get(i), keyShares.get(i));
      out.add(
          new EncryptedShare(
              self,
              holder,
              key.seal(plaintext, RoundChecks.shareContext(parameters, self, holder))));
    }
    phase = Phase.MASK;
    return new ShareBundle(parameters.jobId(), parameters.round(), self, out);
  }

  /**
   * Phase 2: opens the shares addressed to this site (a share that fails to authenticate is
   * dropped, as if its sender had not sent it to us), then masks the quantized update with the self
   * mask and a pairwise mask per neighbour that completed phase 1.
   *
   * @param quantizedUpdate the update in Z_2^32 (see {@link FixedPoint}); not modified
   */
  public MaskedInput maskInput(ShareDelivery delivery, int[] quantizedUpdate)
      throws SecAggException {
    expect(Phase.MASK);
    RoundChecks.requireRound(parameters, delivery, null);
    if (!delivery.receiver().equals(self)) {
      throw new SecAggException(
          SecAggException.Reason.MALFORMED, null, "delivery for " + delivery.receiver());
    }
    if (quantizedUpdate.length != parameters.vectorLength()) {
      throw new IllegalArgumentException(
          "update has "
              + quantizedUpdate.length
              + " coordinates, round expects "
              + parameters.vectorLength());
    }
    byte[] salt = parameters.context(RoundChecks.SHARE_KEY);
    for (EncryptedShare share : delivery.shares()) {
      String sender = share.sender();
      if (!neighbours.contains(sender) || !share.receiver().equals(self)) {
        throw new SecAggException(
            SecAggException.Reason.NOT_A_PARTICIPANT, sender, "not a neighbour of " + self);
      }
      if (!maskingPeers.add(sender)) {
        throw new SecAggException(SecAggException.Reason.DUPLICATE, sender, "two shares");
      }
      RoundChecks.HeldShares opened = open(share, salt);
      if (opened != null) {
        held.put(sender, opened);
      }
    }
    sharePrivateKey = null;
    if (maskingPeers.size() + 1
        < parameters.graph().shareThreshold(neighbours.size() + 1, parameters.minimumSurvivors())) {
      throw tooFew("neighbours after phase 1", maskingPeers.size() + 1);
    }
    int[] masked = quantizedUpdate.clone();
    MaskExpansion.apply(
        masked, selfMaskSeed, parameters.context(RoundChecks.SELF_MASK), RoundChecks.SELF_MASK, 1);
    byte[] pairSalt = parameters.context(RoundChecks.PAIRWISE_MASK);
    for (String peer : maskingPeers) {
      byte[] agreed = X25519Keys.agree(maskPrivateKey, roster.get(peer).maskPublicKey());
      if (agreed == null) {
        throw new SecAggException(SecAggException.Reason.MALFORMED, peer, "low-order key");
      }
      MaskExpansion.apply(
          masked, agreed, pairSalt, RoundChecks.PAIRWISE_MASK, RoundChecks.pairSign(self, peer));
    }
    phase = Phase.UNMASK;
    return new MaskedInput(parameters.jobId(), parameters.round(), self, masked);
  }

  private RoundChecks.HeldShares open(EncryptedShare share, byte[] salt) {
    String sender = share.sender();
    byte[] agreed = X25519Keys.agree(sharePrivateKey, roster.get(sender).sharePublicKey());
    if (agreed == null) {
      return null;
    }
    try {
      byte[] plaintext =
          AeadKey.derive(agreed, salt, RoundChecks.SHARE_KEY)
              .open(share.envelope(), RoundChecks.shareContext(parameters, sender, self));
      RoundChecks.HeldShares shares = RoundChecks.decodeShares(plaintext, sender, self);
      return shares.seed().x() == indexOf.get(self) ? shares : null;
    } catch (EnvelopeException | IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Phase 3: for each neighbour that completed phase 1, reveals its self-mask seed share if the
   * server lists it as a survivor, else its mask private key share.
   */
  public UnmaskingResponse unmask(SurvivorList survivorList) throws SecAggException {
    expect(Phase.UNMASK);
    RoundChecks.requireRound(parameters, survivorList, null);
    Set<String> survivors = new LinkedHashSet<>(survivorList.survivors());
    if (survivors.size() < parameters.minimumSurvivors()) {
      throw tooFew("survivors", survivors.size());
    }
    for (String survivor : survivors) {
      if (!roster.containsKey(survivor)) {
        throw new SecAggException(
            SecAggException.Reason.NOT_A_PARTICIPANT, survivor, "listed survivor unknown");
      }
    }
    List<RevealedShare> revealed = new ArrayList<>();
    for (Map.Entry<String, RoundChecks.HeldShares> entry : held.entrySet()) {
      String owner = entry.getKey();
      RoundChecks.HeldShares shares = entry.getValue();
      if (survivors.contains(owner)) {
        revealed.add(
            new RevealedShare(
                owner,
                RevealedShare.Kind.SELF_MASK_SEED,
                shares.seed().x(),
                shares.seed().valueBytes()));
      } else if (!owner.equals(self)) {
        revealed.add(
            new RevealedShare(
                owner,
                RevealedShare.Kind.MASK_PRIVATE_KEY,
                shares.key().x(),
                shares.key().valueBytes()));
      }
    }
    held.clear();
    maskPrivateKey = null;
    selfMaskSeed = null;
    phase = Phase.DONE;
    return new UnmaskingResponse(parameters.jobId(), parameters.round(), self, revealed);
  }

  private void expect(Phase expected) throws SecAggException {
    if (phase != expected) {
      throw new SecAggException(
          SecAggException.Reason.OUT_OF_ORDER, self, "in phase " + phase + ", not " + expected);
    }
  }

  private SecAggException tooFew(String what, int count) {
    return new SecAggException(
        SecAggException.Reason.TOO_FEW_SURVIVORS,
        null,
        what + ": " + count + " < threshold " + parameters.minimumSurvivors());
  }
}
