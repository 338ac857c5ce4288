package org.transitionnet.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One observed transition {@code S(t) + A -> S(t + dt)}: the unit of data of TransitionNet.
 *
 * @param subject pseudonymous subject id, unique within a site; never leaves the site
 * @param site the site the record belongs to; empty when not known
 * @param baseline the state at time {@code t}
 * @param context static covariates (age, sex, ...)
 * @param actions the components of the intervention between the two states (at least one; use type
 *     {@code none} for no intervention)
 * @param followUp the state at time {@code t + dt}
 * @param intervalDays {@code dt} in days
 * @param evidenceChain optional mechanistic evidence for the action
 * @param provenance where the record came from
 */
public record TransitionRecord(
    String subject,
    String site,
    State baseline,
    List<Variable> context,
    List<Action> actions,
    State followUp,
    double intervalDays,
    List<EvidenceLink> evidenceChain,
    Provenance provenance) {

  public TransitionRecord {
    Objects.requireNonNull(subject, "subject");
    site = site == null ? "" : site;
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(followUp, "followUp");
    context = List.copyOf(context);
    actions = List.copyOf(actions);
    evidenceChain = List.copyOf(evidenceChain);
    Objects.requireNonNull(provenance, "provenance");
  }

  /**
   * A content key that identifies the record independent of when it was imported: two imports of
   * the same row under the same mapping give the same key. Used to make imports idempotent.
   */
  public String identityKey() {
    TransitionRecord timeless =
        new TransitionRecord(
            subject,
            site,
            baseline,
            context,
            actions,
            followUp,
            intervalDays,
            evidenceChain,
            new Provenance(
                provenance.dataset(), provenance.sourceIds(), null, provenance.mappingVersion()));
    byte[] canonical = TransitionRecordCodec.toProto(timeless).toByteArray();
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** A short description for error messages, e.g. {@code subject 12 at day 365}. */
  public String describe() {
    return "subject " + subject + " at day " + baseline.timeDays();
  }
}
