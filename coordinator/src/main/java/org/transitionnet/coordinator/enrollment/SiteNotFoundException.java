package org.transitionnet.coordinator.enrollment;

/** An operation named a site the coordinator does not know. */
public final class SiteNotFoundException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String siteId;

  public SiteNotFoundException(String siteId) {
    super("unknown site '" + siteId + "'");
    this.siteId = siteId;
  }

  public String siteId() {
    return siteId;
  }
}
