package org.transitionnet.federation.aggregation.secure;

import java.util.Objects;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.SiteIdentity;
import org.transitionnet.security.secagg.MaskingGraph;

/**
 * A site's secure-aggregation settings: its enrolled identity (signs the round keys), the trust
 * that checks the other sites, and the encoding and masking graph the coordinator uses too.
 */
public record SiteSecureAggregation(
    SiteIdentity identity,
    ConsortiumTrust trust,
    SecureUpdateEncoding encoding,
    MaskingGraph graph) {

  public SiteSecureAggregation {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(graph, "graph");
  }

  public static SiteSecureAggregation standard(SiteIdentity identity, ConsortiumTrust trust) {
    return new SiteSecureAggregation(
        identity, trust, SecureUpdateEncoding.STANDARD, MaskingGraph.complete());
  }
}
