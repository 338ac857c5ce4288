package org.transitionnet.security.secagg;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.SiteIdentity;

/** A test consortium: one authority and enrolled site identities, created once per JVM. */
final class Consortium {

  static final ConsortiumAuthority AUTHORITY =
      ConsortiumAuthority.create("Test Consortium", Duration.ofDays(365), Clock.systemUTC());
  static final ConsortiumTrust TRUST =
      new ConsortiumTrust(AUTHORITY.rootCertificate(), AUTHORITY, Clock.systemUTC());

  private static final Map<String, SiteIdentity> SITES = new LinkedHashMap<>();

  private Consortium() {}

  static synchronized SiteIdentity site(String siteId) {
    return SITES.computeIfAbsent(
        siteId,
        id -> {
          try {
            SiteIdentity identity = SiteIdentity.generate(id);
            X509Certificate certificate =
                AUTHORITY.issueSiteCertificate(
                    identity.certificationRequest(), id, Duration.ofDays(30));
            return identity.withCertificateChain(List.of(certificate));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Site ids site-00 .. site-(n-1). */
  static List<String> siteIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("site-%02d", i));
    }
    return ids;
  }
}
