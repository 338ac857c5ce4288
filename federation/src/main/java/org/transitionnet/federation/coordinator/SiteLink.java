package org.transitionnet.federation.coordinator;

import org.transitionnet.proto.v1.CoordinatorMessage;

/** The coordinator's end of one site's stream. Implementations are thread-safe. */
public interface SiteLink {

  /**
   * Sends a message to the site.
   *
   * @throws SiteUnreachableException when the stream is gone
   */
  void send(CoordinatorMessage message) throws SiteUnreachableException;
}
