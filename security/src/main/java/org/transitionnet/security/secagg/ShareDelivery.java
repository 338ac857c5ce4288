package org.transitionnet.security.secagg;

import java.util.List;
import java.util.Objects;

/**
 * Phase 1, server to one site: the encrypted shares addressed to it by neighbours that completed
 * phase 1 (its part of U2). The receiver masks pairwise with exactly these senders.
 */
public record ShareDelivery(String jobId, long round, String receiver, List<EncryptedShare> shares)
    implements RoundMessage {

  public ShareDelivery {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(receiver, "receiver");
    shares = List.copyOf(shares);
  }
}
