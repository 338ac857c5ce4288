package org.transitionnet.federation.coordinator;

/** A message could not be sent because the site's stream is closed or broken. */
public final class SiteUnreachableException extends Exception {

  private static final long serialVersionUID = 1L;

  public SiteUnreachableException(String siteId, String reason) {
    super("site " + siteId + " unreachable: " + reason);
  }
}
