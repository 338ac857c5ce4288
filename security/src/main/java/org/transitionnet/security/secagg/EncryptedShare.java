package org.transitionnet.security.secagg;

import java.util.Objects;
import org.transitionnet.security.envelope.Envelope;

/**
 * One site's Shamir shares (of its self-mask seed and of its mask private key) for one other site,
 * AES-GCM encrypted under their agreed share key with job, round, sender and receiver as associated
 * data. The server forwards it and cannot read it.
 */
public record EncryptedShare(String sender, String receiver, Envelope envelope) {

  public EncryptedShare {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(envelope, "envelope");
  }
}
