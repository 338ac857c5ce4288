package org.transitionnet.federation.aggregation.secure;

import java.security.SecureRandom;
import java.util.function.Predicate;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.transport.ParameterChunks;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.proto.v1.MaskedInputHeader;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.security.envelope.EnvelopeException;
import org.transitionnet.security.secagg.MaskedInput;
import org.transitionnet.security.secagg.SecAggClient;
import org.transitionnet.security.secagg.SecAggException;
import org.transitionnet.security.secagg.SecAggParameters;

/**
 * A site's side of one secure round attempt: after local training it advertises fresh keys, shares
 * them with the roster, sends its encoded update masked (header + chunks of at most 1 MiB) and
 * reveals the shares the unmasking request asks for. Only masked values leave the site. Driven by
 * one thread at a time (the site's worker).
 */
public final class SecureSiteRound {

  private final RoundId id;
  private final RoundRef ref;
  private final SiteSecureAggregation settings;
  private final SecAggClient client;
  private final int[] encoded;
  private final Predicate<SiteMessage> send;
  private volatile double dpEpsilonSpent;

  /**
   * @param participants how many sites the round asked (fixes the threshold t as on the
   *     coordinator)
   * @param encoded the site's update as {@link SecureUpdateEncoding#encode} made it
   * @param send puts a message on the site's stream; false when disconnected
   */
  public SecureSiteRound(
      RoundId id,
      int participants,
      SiteSecureAggregation settings,
      int[] encoded,
      Predicate<SiteMessage> send) {
    this.id = id;
    this.ref = ProtoMessages.ref(id);
    this.settings = settings;
    this.encoded = encoded;
    this.send = send;
    SecAggParameters parameters =
        SecAggParameters.withMajorityThreshold(
            id.jobId(),
            SecAggWire.secAggRound(id),
            encoded.length,
            Math.max(2, participants),
            settings.graph());
    this.client =
        new SecAggClient(parameters, settings.identity(), settings.trust(), new SecureRandom());
  }

  /**
   * The ε the job has spent at this site, reported in the masked input's header (0 without DP).
   * Call before {@link #start}.
   */
  public SecureSiteRound reportingEpsilonSpent(double epsilon) {
    this.dpEpsilonSpent = epsilon;
    return this;
  }

  /** Phase 0: advertises this round's keys. */
  public void start() throws SecAggException {
    send(wrap().setAdvertiseKeys(SecAggWire.toProto(client.advertiseKeys())).build());
  }

  /**
   * Handles the coordinator's next phase message.
   *
   * @return true when the site's part of the round is over (it answered the unmasking request)
   */
  public boolean onMessage(SecAggMessage message) throws SecAggException, EnvelopeException {
    switch (message.getPhaseCase()) {
      case KEY_ROSTER -> {
        send(
            wrap()
                .setShareKeys(
                    SecAggWire.toProto(
                        client
                            .shareKeys(SecAggWire.fromProto(id, message.getKeyRoster()))
                            .shares()))
                .build());
        return false;
      }
      case SHARES_FOR_YOU -> {
        MaskedInput masked =
            client.maskInput(
                SecAggWire.delivery(id, client.siteId(), message.getSharesForYou()), encoded);
        sendMasked(masked.maskedVector());
        return false;
      }
      case UNMASKING_REQUEST -> {
        send(
            wrap()
                .setUnmaskingResponse(
                    SecAggWire.toProto(
                        client.unmask(SecAggWire.fromProto(id, message.getUnmaskingRequest()))))
                .build());
        return true;
      }
      default -> throw new IllegalArgumentException("a coordinator does not send " + message);
    }
  }

  private void sendMasked(int[] masked) {
    int chunks = ParameterChunks.count(masked.length);
    if (!send(
        wrap()
            .setMaskedInput(
                MaskedInputHeader.newBuilder()
                    .setSiteId(client.siteId())
                    .setParameterCount(masked.length)
                    .setChunkCount(chunks)
                    .setScale(settings.encoding().fixedPoint().scale())
                    .setModulusBits(32)
                    .setDpEpsilonSpent(dpEpsilonSpent))
            .build())) {
      return;
    }
    double[] values = new double[masked.length];
    for (int i = 0; i < masked.length; i++) {
      values[i] = masked[i];
    }
    for (int i = 0; i < chunks; i++) {
      if (!send(wrap().setMaskedChunk(ParameterChunks.chunk(ref, values, i)).build())) {
        return;
      }
    }
  }

  private boolean send(SecAggMessage message) {
    return send.test(SiteMessage.newBuilder().setSecagg(message).build());
  }

  private SecAggMessage.Builder wrap() {
    return SecAggMessage.newBuilder().setRef(ref);
  }
}
