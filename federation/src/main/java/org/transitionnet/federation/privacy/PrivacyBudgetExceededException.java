package org.transitionnet.federation.privacy;

/** A task would take a site past its privacy budget; the site refuses it with this reason. */
public final class PrivacyBudgetExceededException extends Exception {

  private static final long serialVersionUID = 1L;

  public PrivacyBudgetExceededException(String reason) {
    super(reason);
  }
}
