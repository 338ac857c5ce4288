package org.transitionnet.security.pki;

import java.math.BigInteger;

/**
 * A live source of revocations. Trust managers ask it on every handshake, so a revocation takes
 * effect for new connections without a restart. {@link ConsortiumAuthority} is one (on the
 * coordinator); {@link CrlRevocationList} is one fed with signed CRLs (on a node).
 */
@FunctionalInterface
public interface RevocationList {

  /** Whether the certificate with this serial number has been revoked. */
  boolean isRevoked(BigInteger serialNumber);

  /** A list that revokes nothing (tests, bootstrap). */
  static RevocationList none() {
    return serial -> false;
  }
}
