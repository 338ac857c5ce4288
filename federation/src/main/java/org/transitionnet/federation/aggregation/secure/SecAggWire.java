package org.transitionnet.federation.aggregation.secure;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.proto.v1.AdvertiseKeys;
import org.transitionnet.proto.v1.EncryptedShares;
import org.transitionnet.proto.v1.UnmaskingRequest;
import org.transitionnet.security.envelope.Envelope;
import org.transitionnet.security.envelope.EnvelopeException;
import org.transitionnet.security.secagg.EncryptedShare;
import org.transitionnet.security.secagg.KeyAdvertisement;
import org.transitionnet.security.secagg.KeyRoster;
import org.transitionnet.security.secagg.RevealedShare;
import org.transitionnet.security.secagg.ShareBundle;
import org.transitionnet.security.secagg.ShareDelivery;
import org.transitionnet.security.secagg.SurvivorList;
import org.transitionnet.security.secagg.UnmaskingResponse;

/**
 * Maps security's transport-free secagg records to the {@code SecAggMessage} payloads and back. The
 * secagg round number binds job round and attempt ({@code round · 1000 + attempt}), so a restarted
 * attempt never reuses the keys or signatures of an earlier one.
 */
public final class SecAggWire {

  private SecAggWire() {}

  /** The secagg round number of one round attempt. */
  public static long secAggRound(RoundId id) {
    return id.round() * 1000L + id.attempt();
  }

  public static AdvertiseKeys toProto(KeyAdvertisement a) {
    return AdvertiseKeys.newBuilder()
        .setSiteId(a.siteId())
        .setCipherPublicKey(ByteString.copyFrom(a.sharePublicKey()))
        .setMaskPublicKey(ByteString.copyFrom(a.maskPublicKey()))
        .setSelfMaskCommitment(ByteString.copyFrom(a.selfMaskCommitment()))
        .setCertificate(ByteString.copyFrom(a.certificate()))
        .setSignature(ByteString.copyFrom(a.signature()))
        .build();
  }

  public static KeyAdvertisement fromProto(RoundId id, AdvertiseKeys a) {
    return new KeyAdvertisement(
        id.jobId(),
        secAggRound(id),
        a.getSiteId(),
        a.getMaskPublicKey().toByteArray(),
        a.getCipherPublicKey().toByteArray(),
        a.getSelfMaskCommitment().toByteArray(),
        a.getCertificate().toByteArray(),
        a.getSignature().toByteArray());
  }

  public static org.transitionnet.proto.v1.KeyRoster toProto(KeyRoster roster) {
    org.transitionnet.proto.v1.KeyRoster.Builder b =
        org.transitionnet.proto.v1.KeyRoster.newBuilder();
    roster.advertisements().forEach(a -> b.addSites(toProto(a)));
    return b.build();
  }

  public static KeyRoster fromProto(RoundId id, org.transitionnet.proto.v1.KeyRoster roster) {
    List<KeyAdvertisement> list = new ArrayList<>();
    roster.getSitesList().forEach(a -> list.add(fromProto(id, a)));
    return new KeyRoster(id.jobId(), secAggRound(id), list);
  }

  public static EncryptedShares toProto(List<EncryptedShare> shares) {
    EncryptedShares.Builder b = EncryptedShares.newBuilder();
    for (EncryptedShare s : shares) {
      b.addShares(
          EncryptedShares.Share.newBuilder()
              .setFromSite(s.sender())
              .setToSite(s.receiver())
              .setCiphertext(ByteString.copyFrom(s.envelope().toBytes())));
    }
    return b.build();
  }

  private static List<EncryptedShare> shares(EncryptedShares shares) throws EnvelopeException {
    List<EncryptedShare> list = new ArrayList<>();
    for (EncryptedShares.Share s : shares.getSharesList()) {
      list.add(
          new EncryptedShare(
              s.getFromSite(), s.getToSite(), Envelope.fromBytes(s.getCiphertext().toByteArray())));
    }
    return list;
  }

  public static ShareBundle bundle(RoundId id, String siteId, EncryptedShares shares)
      throws EnvelopeException {
    return new ShareBundle(id.jobId(), secAggRound(id), siteId, shares(shares));
  }

  public static ShareDelivery delivery(RoundId id, String receiver, EncryptedShares shares)
      throws EnvelopeException {
    return new ShareDelivery(id.jobId(), secAggRound(id), receiver, shares(shares));
  }

  public static UnmaskingRequest toProto(SurvivorList survivors, List<String> dropped) {
    return UnmaskingRequest.newBuilder()
        .addAllSurvivors(survivors.survivors())
        .addAllDropped(dropped)
        .build();
  }

  public static SurvivorList fromProto(RoundId id, UnmaskingRequest request) {
    return new SurvivorList(id.jobId(), secAggRound(id), List.copyOf(request.getSurvivorsList()));
  }

  public static org.transitionnet.proto.v1.UnmaskingResponse toProto(UnmaskingResponse r) {
    org.transitionnet.proto.v1.UnmaskingResponse.Builder b =
        org.transitionnet.proto.v1.UnmaskingResponse.newBuilder().setSiteId(r.siteId());
    for (RevealedShare s : r.shares()) {
      b.addShares(
          org.transitionnet.proto.v1.UnmaskingResponse.RevealedShare.newBuilder()
              .setOfSite(s.owner())
              .setShare(ByteString.copyFrom(s.value()))
              .setOfMaskKey(s.kind() == RevealedShare.Kind.MASK_PRIVATE_KEY)
              .setX(s.x()));
    }
    return b.build();
  }

  public static UnmaskingResponse fromProto(
      RoundId id, org.transitionnet.proto.v1.UnmaskingResponse r) {
    List<RevealedShare> list = new ArrayList<>();
    for (org.transitionnet.proto.v1.UnmaskingResponse.RevealedShare s : r.getSharesList()) {
      list.add(
          new RevealedShare(
              s.getOfSite(),
              s.getOfMaskKey()
                  ? RevealedShare.Kind.MASK_PRIVATE_KEY
                  : RevealedShare.Kind.SELF_MASK_SEED,
              s.getX(),
              s.getShare().toByteArray()));
    }
    return new UnmaskingResponse(id.jobId(), secAggRound(id), r.getSiteId(), list);
  }
}
