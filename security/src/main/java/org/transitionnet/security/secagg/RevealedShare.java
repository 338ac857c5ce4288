package org.transitionnet.security.secagg;

import java.util.Objects;

/**
 * A share a site reveals to the server in phase 3: of a survivor's self-mask seed or of a dropped
 * site's mask private key, never both for the same owner.
 *
 * @param owner whose secret this is a share of
 * @param kind which secret
 * @param x the holder's share index
 * @param value the share value, {@link ShamirSharing#SHARE_BYTES} bytes
 */
public record RevealedShare(String owner, Kind kind, int x, byte[] value) {

  /** Which of an owner's two secrets. */
  public enum Kind {
    /** The self-mask seed of a site whose masked input is in the sum. */
    SELF_MASK_SEED,
    /** The pairwise-mask private key of a site that dropped before sending its masked input. */
    MASK_PRIVATE_KEY
  }

  public RevealedShare {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
