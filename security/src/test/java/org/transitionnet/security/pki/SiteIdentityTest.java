package org.transitionnet.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteIdentityTest {

  private final ConsortiumAuthority authority =
      ConsortiumAuthority.create("Consortium", Duration.ofDays(365), Clock.systemUTC());

  @Test
  void notEnrolledIdentity_survivesSaveAndLoad(@TempDir Path dir) throws Exception {
    SiteIdentity identity = SiteIdentity.generate("site-a");
    char[] password = "pw".toCharArray();

    identity.save(dir.resolve("site.p12"), password);
    SiteIdentity loaded = SiteIdentity.load(dir.resolve("site.p12"), password);

    assertThat(loaded.isEnrolled()).isFalse();
    assertThat(loaded.siteId()).isEqualTo("site-a");
    assertThat(loaded.publicKey()).isEqualTo(identity.publicKey());
  }

  @Test
  void enrolledIdentity_keepsKeyAndChainThroughPkcs12() throws Exception {
    SiteIdentity identity = SiteIdentity.generate("site-a");
    X509Certificate certificate =
        authority.issueSiteCertificate(
            identity.certificationRequest(), "site-a", Duration.ofDays(30));
    SiteIdentity enrolled =
        identity.withCertificateChain(List.of(certificate, authority.rootCertificate()));
    char[] password = "pw".toCharArray();

    SiteIdentity loaded = SiteIdentity.fromPkcs12(enrolled.toPkcs12(password), password);

    assertThat(loaded.isEnrolled()).isTrue();
    assertThat(loaded.certificateChain()).containsExactly(certificate, authority.rootCertificate());
    byte[] message = {1, 2, 3};
    new ConsortiumTrust(authority.rootCertificate(), RevocationList.none(), Clock.systemUTC())
        .verifySiteSignature(loaded.certificate(), "site-a", message, loaded.sign(message));
  }

  @Test
  void wrongPassword_refused() {
    byte[] pkcs12 = SiteIdentity.generate("site-a").toPkcs12("right".toCharArray());

    assertThatThrownBy(() -> SiteIdentity.fromPkcs12(pkcs12, "wrong".toCharArray()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void certificateForAnotherKeyOrSite_refused() throws Exception {
    SiteIdentity identity = SiteIdentity.generate("site-a");
    X509Certificate otherKey =
        authority.issueSiteCertificate(
            SiteIdentity.generate("site-a").certificationRequest(), "site-a", Duration.ofDays(1));
    X509Certificate otherSite =
        authority.issueSiteCertificate(
            identity.certificationRequest(), "site-b", Duration.ofDays(1));

    assertThatThrownBy(() -> identity.withCertificateChain(List.of(otherKey)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> identity.withCertificateChain(List.of(otherSite)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestPem_roundTripsToTheSameDer() {
    SiteIdentity identity = SiteIdentity.generate("site-a");

    String pem = identity.certificationRequestPem();

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(Pem.decodeAll(pem, Pem.CERTIFICATE_REQUEST)).hasSize(1);
  }
}
