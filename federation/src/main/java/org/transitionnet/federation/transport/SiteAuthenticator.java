package org.transitionnet.federation.transport;

import io.grpc.StatusException;
import org.transitionnet.proto.v1.SiteHello;

/**
 * Decides which site a stream belongs to. Over mutual TLS the identity comes from the client
 * certificate (see {@link PeerCertificates}); the hello's site id must agree with it.
 */
@FunctionalInterface
public interface SiteAuthenticator {

  /**
   * The authenticated site id of the current call.
   *
   * @throws StatusException UNAUTHENTICATED or PERMISSION_DENIED when the site is refused
   */
  String authenticate(SiteHello hello) throws StatusException;

  /**
   * Takes the hello's site id at its word: only for the in-process transport, where every party
   * runs in one trusted JVM (simulator, tests).
   */
  static SiteAuthenticator trustHelloInProcess() {
    return hello -> {
      if (hello.getSiteId().isBlank()) {
        throw io.grpc.Status.UNAUTHENTICATED.withDescription("hello names no site").asException();
      }
      return hello.getSiteId();
    };
  }
}
