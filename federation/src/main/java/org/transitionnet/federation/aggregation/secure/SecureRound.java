package org.transitionnet.federation.aggregation.secure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.transport.ChunkAssembler;
import org.transitionnet.federation.transport.MalformedChunkException;
import org.transitionnet.federation.transport.ParameterChunks;
import org.transitionnet.federation.transport.ProtoMessages;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.MaskedInputHeader;
import org.transitionnet.proto.v1.ParameterChunk;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.security.envelope.EnvelopeException;
import org.transitionnet.security.secagg.AggregateResult;
import org.transitionnet.security.secagg.KeyRoster;
import org.transitionnet.security.secagg.MaskedInput;
import org.transitionnet.security.secagg.SecAggException;
import org.transitionnet.security.secagg.SecAggParameters;
import org.transitionnet.security.secagg.SecAggServer;
import org.transitionnet.security.secagg.ShareDelivery;
import org.transitionnet.security.secagg.SurvivorList;

/**
 * The coordinator's side of one secure round attempt over the sites' streams. It feeds security's
 * {@link SecAggServer} and closes each phase as soon as every site still in it has answered or
 * failed (disconnected, task failure): advertise keys, then the key roster goes out; encrypted
 * shares, then each site gets the shares addressed to it; masked inputs (header + chunks of at most
 * 1 MiB), then the survivors get the unmasking request; unmasking responses, then the sum. The
 * coordinator never holds a single site's unmasked update: masked inputs go straight into the
 * server's running sum.
 *
 * <p>Threshold t is a strict majority of the participants ({@link
 * SecAggParameters#withMajorityThreshold}); with fewer than t sites left in any phase the round is
 * refused and nothing is released. Thread-safe.
 */
public final class SecureRound {

  private enum Phase {
    ADVERTISE,
    SHARE,
    MASK,
    UNMASK,
    DONE,
    FAILED
  }

  private final RoundId id;
  private final SecureAggregation settings;
  private final SecAggServer server;
  private final int vectorLength;
  private final BiPredicate<String, CoordinatorMessage> send;
  private final Runnable onSettled;
  private final Set<String> roster = new TreeSet<>();
  private final Set<String> expected;
  private final Set<String> responded = new TreeSet<>();
  private final Set<String> failed = new TreeSet<>();
  private final Map<String, ChunkAssembler> uploads = new HashMap<>();
  private Phase phase = Phase.ADVERTISE;
  private SecureUpdateEncoding.Decoded decoded;
  private Set<String> contributors = Set.of();
  private String failure;

  /**
   * @param send delivers a message to a site's stream; false when the site is unreachable
   * @param onSettled called (without this round's lock) once the round finished or failed
   */
  public SecureRound(
      RoundId id,
      int parameterCount,
      Set<String> participants,
      SecureAggregation settings,
      BiPredicate<String, CoordinatorMessage> send,
      Runnable onSettled) {
    this.id = id;
    this.settings = settings;
    this.vectorLength = SecureUpdateEncoding.vectorLength(parameterCount);
    this.send = send;
    this.onSettled = onSettled;
    this.expected = new TreeSet<>(participants);
    SecAggParameters parameters =
        SecAggParameters.withMajorityThreshold(
            id.jobId(),
            SecAggWire.secAggRound(id),
            vectorLength,
            Math.max(2, participants.size()),
            settings.graph());
    this.server = new SecAggServer(parameters, settings.trust());
  }

  /** A refused secagg message: nothing of it entered the round. */
  public static final class RefusedException extends Exception {
    public RefusedException(String message) {
      super(message);
    }
  }

  /** Handles a secagg message from an authenticated site. */
  public void onMessage(String siteId, SecAggMessage message) throws RefusedException {
    settings.audit().received(siteId, message);
    List<Outgoing> out;
    String refusal = null;
    synchronized (this) {
      if (phase == Phase.DONE || phase == Phase.FAILED) {
        throw new RefusedException("secure aggregation of " + id + " is over");
      }
      try {
        accept(siteId, message);
      } catch (SecAggException | EnvelopeException | MalformedChunkException e) {
        failed.add(siteId);
        refusal = message.getPhaseCase() + " from " + siteId + ": " + e.getMessage();
      }
      out = advance();
    }
    deliver(out);
    if (refusal != null) {
      throw new RefusedException(refusal);
    }
  }

  private void accept(String siteId, SecAggMessage message)
      throws SecAggException, EnvelopeException, MalformedChunkException, RefusedException {
    switch (message.getPhaseCase()) {
      case ADVERTISE_KEYS -> {
        requirePhase(Phase.ADVERTISE, message);
        server.acceptAdvertisement(siteId, SecAggWire.fromProto(id, message.getAdvertiseKeys()));
        responded.add(siteId);
      }
      case SHARE_KEYS -> {
        requirePhase(Phase.SHARE, message);
        server.acceptShares(siteId, SecAggWire.bundle(id, siteId, message.getShareKeys()));
        responded.add(siteId);
      }
      case MASKED_INPUT -> {
        requirePhase(Phase.MASK, message);
        MaskedInputHeader header = message.getMaskedInput();
        int chunks = ParameterChunks.count(vectorLength);
        if (header.getParameterCount() != vectorLength
            || header.getChunkCount() != chunks
            || header.getScale() != settings.encoding().fixedPoint().scale()
            || header.getModulusBits() != 32
            || uploads.containsKey(siteId)) {
          throw new RefusedException(
              "masked input header of "
                  + siteId
                  + " does not match the round ("
                  + vectorLength
                  + " values, "
                  + chunks
                  + " chunks, scale "
                  + settings.encoding().fixedPoint().scale()
                  + ", 32 bits) or repeats");
        }
        uploads.put(siteId, new ChunkAssembler(vectorLength, chunks));
      }
      case MASKED_CHUNK -> {
        requirePhase(Phase.MASK, message);
        ChunkAssembler upload = uploads.get(siteId);
        if (upload == null || upload.isComplete()) {
          throw new RefusedException("masked chunk of " + siteId + " without an open input");
        }
        ParameterChunk chunk = message.getMaskedChunk();
        upload.add(chunk);
        if (upload.isComplete()) {
          double[] values = upload.values();
          int[] masked = new int[values.length];
          for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
              throw new MalformedChunkException("masked value at " + i + " is not an int32");
            }
            masked[i] = (int) v;
          }
          server.acceptMaskedInput(
              siteId, new MaskedInput(id.jobId(), SecAggWire.secAggRound(id), siteId, masked));
          responded.add(siteId);
        }
      }
      case UNMASKING_RESPONSE -> {
        requirePhase(Phase.UNMASK, message);
        server.acceptUnmasking(siteId, SecAggWire.fromProto(id, message.getUnmaskingResponse()));
        responded.add(siteId);
      }
      default -> throw new RefusedException("a site does not send " + message.getPhaseCase());
    }
  }

  private void requirePhase(Phase wanted, SecAggMessage message) throws RefusedException {
    if (phase != wanted) {
      throw new RefusedException(message.getPhaseCase() + " in phase " + phase);
    }
  }

  /** A site will not answer any more (disconnected, task failure, unreachable). */
  public void siteFailed(String siteId) {
    List<Outgoing> out;
    synchronized (this) {
      if (phase == Phase.DONE || phase == Phase.FAILED || !failed.add(siteId)) {
        return;
      }
      out = advance();
    }
    deliver(out);
  }

  /** Fails the round if it has not finished (its deadline passed). */
  public void expire() {
    boolean changed;
    synchronized (this) {
      changed = phase != Phase.DONE && phase != Phase.FAILED;
      if (changed) {
        failure = "secure aggregation did not finish by the deadline (phase " + phase + ")";
        phase = Phase.FAILED;
      }
    }
    if (changed) {
      onSettled.run();
    }
  }

  public synchronized boolean settled() {
    return phase == Phase.DONE || phase == Phase.FAILED;
  }

  /** The decoded aggregate once the round finished. */
  public synchronized Optional<SecureUpdateEncoding.Decoded> result() {
    return Optional.ofNullable(decoded);
  }

  /** The sites whose inputs are in the released sum (empty before). */
  public synchronized Set<String> contributors() {
    return contributors;
  }

  /** Why the round failed, once it did. */
  public synchronized Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private record Outgoing(String siteId, SecAggMessage message) {}

  /** Closes every phase whose sites have all answered or failed. Caller holds the lock. */
  private List<Outgoing> advance() {
    List<Outgoing> out = new ArrayList<>();
    try {
      while (phase != Phase.DONE && phase != Phase.FAILED && allAnswered()) {
        responded.clear();
        switch (phase) {
          case ADVERTISE -> {
            KeyRoster keys = server.closeAdvertisements();
            SecAggMessage message = wrap().setKeyRoster(SecAggWire.toProto(keys)).build();
            keys.advertisements().forEach(a -> roster.add(a.siteId()));
            nextPhase(Phase.SHARE, roster, message, out);
          }
          case SHARE -> {
            Map<String, ShareDelivery> deliveries = server.closeShares();
            expected.clear();
            phase = Phase.MASK;
            for (Map.Entry<String, ShareDelivery> e : deliveries.entrySet()) {
              if (!failed.contains(e.getKey())) {
                expected.add(e.getKey());
                out.add(
                    new Outgoing(
                        e.getKey(),
                        wrap().setSharesForYou(SecAggWire.toProto(e.getValue().shares())).build()));
              }
            }
          }
          case MASK -> {
            SurvivorList survivors = server.closeMaskedInputs();
            List<String> dropped = new ArrayList<>(roster);
            dropped.removeAll(survivors.survivors());
            SecAggMessage message =
                wrap().setUnmaskingRequest(SecAggWire.toProto(survivors, dropped)).build();
            nextPhase(Phase.UNMASK, survivors.survivors(), message, out);
          }
          case UNMASK -> {
            AggregateResult aggregate = server.finish();
            decoded = settings.encoding().decode(aggregate.sum(), aggregate.contributors().size());
            contributors = new TreeSet<>(aggregate.contributors());
            phase = Phase.DONE;
            settings.audit().released(id, aggregate);
          }
          default -> throw new IllegalStateException(phase.name());
        }
      }
    } catch (SecAggException e) {
      failure = "secure aggregation refused the round: " + e.getMessage();
      phase = Phase.FAILED;
      out.clear();
    }
    return out;
  }

  private void nextPhase(
      Phase next, java.util.Collection<String> sites, SecAggMessage message, List<Outgoing> out) {
    expected.clear();
    phase = next;
    for (String site : sites) {
      if (!failed.contains(site)) {
        expected.add(site);
        out.add(new Outgoing(site, message));
      }
    }
  }

  private boolean allAnswered() {
    for (String site : expected) {
      if (!responded.contains(site) && !failed.contains(site)) {
        return false;
      }
    }
    return true;
  }

  private SecAggMessage.Builder wrap() {
    return SecAggMessage.newBuilder().setRef(ProtoMessages.ref(id));
  }

  /** Sends outside the lock; an unreachable site fails, which may close the phase. */
  private void deliver(List<Outgoing> out) {
    for (Outgoing o : out) {
      if (!send.test(o.siteId(), CoordinatorMessage.newBuilder().setSecagg(o.message()).build())) {
        siteFailed(o.siteId());
      }
    }
    if (settled()) {
      onSettled.run();
    }
  }
}
