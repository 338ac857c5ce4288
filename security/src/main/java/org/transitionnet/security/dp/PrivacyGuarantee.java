package org.transitionnet.security.dp;

/**
 * An (ε, δ) guarantee, with the Rényi order that gave the tightest ε.
 *
 * @param epsilon ε
 * @param delta δ
 * @param order the RDP order α at which the conversion was tightest (NaN when nothing was spent)
 */
public record PrivacyGuarantee(double epsilon, double delta, double order) {

  public PrivacyGuarantee {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1): " + delta);
    }
  }
}
