package org.transitionnet.security.dp;

/** The (ε, δ) a site allows a job (or its lifetime) to spend. */
public record PrivacyBudget(double epsilon, double delta) {

  public PrivacyBudget {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive: " + epsilon);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1): " + delta);
    }
  }
}
