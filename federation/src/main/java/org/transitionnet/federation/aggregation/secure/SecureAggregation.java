package org.transitionnet.federation.aggregation.secure;

import java.util.Objects;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.proto.v1.SecAggMessage;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.secagg.AggregateResult;
import org.transitionnet.security.secagg.MaskingGraph;

/**
 * The coordinator's secure-aggregation settings: the consortium trust that checks the sites' signed
 * key advertisements, the update encoding the sites use, the masking graph, and an audit that sees
 * everything the coordinator's aggregation receives and releases (operators' logs, the transcript
 * test).
 */
public record SecureAggregation(
    ConsortiumTrust trust, SecureUpdateEncoding encoding, MaskingGraph graph, Audit audit) {

  public SecureAggregation {
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(audit, "audit");
  }

  /** Standard encoding, complete masking graph, no observer. */
  public static SecureAggregation standard(ConsortiumTrust trust) {
    return new SecureAggregation(
        trust, SecureUpdateEncoding.STANDARD, MaskingGraph.complete(), new Audit() {});
  }

  public SecureAggregation withAudit(Audit value) {
    return new SecureAggregation(trust, encoding, graph, value);
  }

  /** Sees what the coordinator's secure aggregation receives and what it releases. */
  public interface Audit {
    /** A secagg message from an authenticated site, before it is processed. */
    default void received(String siteId, SecAggMessage message) {}

    /** The unmasked sum of a round attempt (the only thing the coordinator learns). */
    default void released(RoundId round, AggregateResult aggregate) {}
  }
}
