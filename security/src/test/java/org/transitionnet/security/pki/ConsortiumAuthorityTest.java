package org.transitionnet.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsortiumAuthorityTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ConsortiumAuthority authority =
      ConsortiumAuthority.create("Consortium", Duration.ofDays(3650), clock);

  @Test
  void issuedSiteCertificate_namesTheSiteInCnAndSans_andIsSignedByRoot() throws Exception {
    SiteIdentity site = SiteIdentity.generate("requested-name");

    X509Certificate certificate =
        authority.issueSiteCertificate(site.certificationRequest(), "site-a", Duration.ofDays(90));

    certificate.verify(authority.rootCertificate().getPublicKey());
    assertThat(ConsortiumTrust.siteId(certificate)).isEqualTo("site-a");
    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactlyInAnyOrder((Object) "site-a", "urn:transitionnet:site:site-a");
    assertThat(certificate.getPublicKey()).isEqualTo(site.publicKey());
    assertThat(certificate.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofDays(90)));
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void serialNumbersAreDistinct() throws Exception {
    SiteIdentity site = SiteIdentity.generate("site-a");
    X509Certificate first =
        authority.issueSiteCertificate(site.certificationRequest(), "site-a", Duration.ofDays(1));
    X509Certificate second =
        authority.issueSiteCertificate(site.certificationRequest(), "site-a", Duration.ofDays(1));

    assertThat(first.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
    assertThat(authority.issuedCertificates()).hasSize(2);
  }

  @Test
  void tamperedRequest_refused() {
    byte[] request = SiteIdentity.generate("site-a").certificationRequest();
    request[request.length - 10] ^= 1;

    assertThatThrownBy(() -> authority.issueSiteCertificate(request, "site-a", Duration.ofDays(1)))
        .isInstanceOf(CertificateRequestException.class);
  }

  @Test
  void garbageRequest_refused() {
    byte[] request = "not a csr".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> authority.issueSiteCertificate(request, "site-a", Duration.ofDays(1)))
        .isInstanceOf(CertificateRequestException.class);
  }

  @Test
  void siteIdThatIsNotADnsLabel_refused() {
    byte[] request = SiteIdentity.generate("x").certificationRequest();

    assertThatThrownBy(
            () -> authority.issueSiteCertificate(request, "site a,CN=evil", Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revokedSerial_appearsInSignedCrl_andLiveList() throws Exception {
    X509Certificate revoked = issue("site-a");
    X509Certificate kept = issue("site-b");

    assertThat(authority.revoke(revoked.getSerialNumber())).isTrue();
    assertThat(authority.revoke(revoked.getSerialNumber())).isFalse();
    X509CRL crl = authority.currentCrl(Duration.ofHours(1));

    crl.verify(authority.rootCertificate().getPublicKey());
    assertThat(crl.getRevokedCertificate(revoked.getSerialNumber())).isNotNull();
    assertThat(crl.getRevokedCertificate(kept.getSerialNumber())).isNull();
    assertThat(authority.isRevoked(revoked.getSerialNumber())).isTrue();
    assertThat(authority.isRevoked(kept.getSerialNumber())).isFalse();
  }

  @Test
  void revokingUnknownSerial_isAnError() {
    assertThatThrownBy(() -> authority.revoke(java.math.BigInteger.TEN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void crlRevocationList_followsNewCrls_refusesOlderOnesAndForeignOnes() throws Exception {
    X509Certificate site = issue("site-a");
    X509CRL before = authority.currentCrl(Duration.ofHours(1));
    authority.revoke(site.getSerialNumber());
    X509CRL after = Pem.crl(Pem.encode(authority.currentCrl(Duration.ofHours(1))));
    CrlRevocationList list = new CrlRevocationList(authority.rootCertificate());

    list.update(before);
    assertThat(list.isRevoked(site.getSerialNumber())).isFalse();
    list.update(after);
    assertThat(list.isRevoked(site.getSerialNumber())).isTrue();

    assertThatThrownBy(() -> list.update(before)).isInstanceOf(CRLException.class);
    ConsortiumAuthority other = ConsortiumAuthority.create("Consortium", Duration.ofDays(1), clock);
    assertThatThrownBy(() -> list.update(other.currentCrl(Duration.ofHours(1))))
        .isInstanceOf(CRLException.class);
    assertThat(list.isRevoked(site.getSerialNumber())).isTrue();
  }

  @Test
  void exportedState_restoresSameRootRevocationsAndSigningKey() throws Exception {
    X509Certificate revoked = issue("site-a");
    authority.revoke(revoked.getSerialNumber());
    char[] password = "correct horse".toCharArray();

    ConsortiumAuthority restored =
        ConsortiumAuthority.restore(authority.exportState(password), password, clock);

    assertThat(restored.rootCertificate()).isEqualTo(authority.rootCertificate());
    assertThat(restored.isRevoked(revoked.getSerialNumber())).isTrue();
    assertThat(restored.issuedCertificates()).isEqualTo(authority.issuedCertificates());
    X509Certificate next =
        restored.issueSiteCertificate(
            SiteIdentity.generate("site-b").certificationRequest(), "site-b", Duration.ofDays(1));
    next.verify(authority.rootCertificate().getPublicKey());
    assertThat(new String(authority.exportState(password), StandardCharsets.UTF_8))
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void restoreWithWrongPassword_fails() {
    byte[] state = authority.exportState("right".toCharArray());

    assertThatThrownBy(() -> ConsortiumAuthority.restore(state, "wrong".toCharArray(), clock))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void trust_refusesCertificateBeforeItsValidity() throws Exception {
    X509Certificate certificate = issue("site-a");
    ConsortiumTrust trust =
        new ConsortiumTrust(
            authority.rootCertificate(),
            RevocationList.none(),
            Clock.fixed(Instant.parse("2029-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));

    assertThatThrownBy(() -> trust.verifySite(certificate))
        .isInstanceOfSatisfying(
            UntrustedCertificateException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(UntrustedCertificateException.Reason.NOT_YET_VALID));
  }

  @Test
  void siteSignature_verifiesOnlyForTheNamedSiteAndUntamperedMessage() throws Exception {
    SiteIdentity site = SiteIdentity.generate("site-a");
    site =
        site.withCertificateChain(
            List.of(
                authority.issueSiteCertificate(
                    site.certificationRequest(), "site-a", Duration.ofDays(1))));
    ConsortiumTrust trust = new ConsortiumTrust(authority.rootCertificate(), authority, clock);
    byte[] message = "round 3 keys".getBytes(StandardCharsets.UTF_8);
    byte[] signature = site.sign(message);
    X509Certificate certificate = site.certificate();

    trust.verifySiteSignature(certificate, "site-a", message, signature);
    assertThatThrownBy(() -> trust.verifySiteSignature(certificate, "site-b", message, signature))
        .isInstanceOf(UntrustedCertificateException.class);
    byte[] tampered = "round 4 keys".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> trust.verifySiteSignature(certificate, "site-a", tampered, signature))
        .isInstanceOf(UntrustedCertificateException.class);
  }

  /**
   * Clock skew between the machine that issued a certificate and one that checks it: a checker five
   * minutes behind or ahead accepts a certificate issued just now; beyond the tolerance the refusal
   * names both times and the clock as the cause.
   */
  @Test
  void trust_toleratesFiveMinutesOfClockSkewEitherWay_andNamesTheClockBeyondIt() throws Exception {
    X509Certificate certificate = issue("site-a");
    Instant issued = clock.instant();
    for (Duration skew : new Duration[] {Duration.ofMinutes(-5), Duration.ofMinutes(5)}) {
      ConsortiumTrust skewed =
          new ConsortiumTrust(
              authority.rootCertificate(),
              RevocationList.none(),
              Clock.fixed(issued.plus(skew), java.time.ZoneOffset.UTC));
      skewed.verifySite(certificate);
    }
    ConsortiumTrust farBehind =
        new ConsortiumTrust(
            authority.rootCertificate(),
            RevocationList.none(),
            Clock.fixed(
                issued.minus(ConsortiumAuthority.CLOCK_SKEW).minusSeconds(60),
                java.time.ZoneOffset.UTC));
    assertThatThrownBy(() -> farBehind.verifySite(certificate))
        .isInstanceOfSatisfying(
            UntrustedCertificateException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(UntrustedCertificateException.Reason.NOT_YET_VALID);
              assertThat(e.getMessage()).contains("clock reads").contains("time synchronisation");
            });
  }

  private X509Certificate issue(String siteId) throws CertificateRequestException {
    return authority.issueSiteCertificate(
        SiteIdentity.generate(siteId).certificationRequest(), siteId, Duration.ofDays(30));
  }
}
