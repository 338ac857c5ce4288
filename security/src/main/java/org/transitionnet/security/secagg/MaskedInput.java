package org.transitionnet.security.secagg;

import java.util.Objects;

/**
 * Phase 2, site to server: the quantized update plus the self mask plus the pairwise masks, in
 * Z_2^32. Uniformly random-looking to anyone without the masks. The array is not copied (it is
 * large); senders must not modify it afterwards.
 */
public record MaskedInput(String jobId, long round, String siteId, int[] maskedVector)
    implements RoundMessage {

  public MaskedInput {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(maskedVector, "maskedVector");
  }

  @Override
  public String toString() {
    return "MaskedInput[" + jobId + "/" + round + " " + siteId + ", " + maskedVector.length + "]";
  }
}
