package org.transitionnet.federation.aggregation;

/** A site's update (or part of it) was not taken into an aggregate; names site and reason. */
public final class UpdateRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String siteId;

  public UpdateRejectedException(String siteId, String reason) {
    super("update of site " + siteId + " rejected: " + reason);
    this.siteId = siteId;
  }

  public String siteId() {
    return siteId;
  }
}
