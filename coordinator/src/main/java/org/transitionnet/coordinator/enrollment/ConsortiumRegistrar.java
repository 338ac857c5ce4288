package org.transitionnet.coordinator.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.coordinator.persistence.JpaConsortiumState;
import org.transitionnet.federation.store.SiteRecord;
import org.transitionnet.federation.store.SiteRepository;
import org.transitionnet.security.pki.CertificateRequestException;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.EnrollmentException;
import org.transitionnet.security.pki.EnrollmentTokens;
import org.transitionnet.security.pki.SiteIdentity;

/**
 * The coordinator's side of enrollment: the consortium authority (created on first start, then
 * restored from the database), the one-time tokens an operator issues, and revocation. Every change
 * is written to the database before the call returns.
 */
@ApplicationScoped
public class ConsortiumRegistrar {

  private static final Logger LOG = Logger.getLogger(ConsortiumRegistrar.class.getName());

  @Inject JpaConsortiumState state;

  @Inject SiteRepository sites;

  @Inject
  @ConfigProperty(name = "coordinator.consortium", defaultValue = "transitionnet-demo")
  String consortium;

  @Inject
  @ConfigProperty(name = "coordinator.ca.password", defaultValue = " ")
  String authorityPassword;

  @Inject
  @ConfigProperty(name = "coordinator.enrollment.token-ttl", defaultValue = "PT72H")
  String tokenTimeToLive;

  @Inject
  @ConfigProperty(name = "coordinator.site-certificate.validity", defaultValue = "P365D")
  String siteCertificateValidity;

  private final Clock clock = Clock.systemUTC();
  private ConsortiumAuthority authority;
  private EnrollmentTokens tokens;

  /** Restores the authority and tokens from the database, or creates the consortium root. */
  public synchronized void open() {
    if (authority != null) {
      return;
    }
    Optional<byte[]> saved = state.authorityState(consortium);
    try {
      if (saved.isPresent()) {
        authority = ConsortiumAuthority.restore(saved.get(), password(), clock);
        LOG.info(() -> "restored consortium authority " + consortium);
      } else {
        authority = ConsortiumAuthority.create(consortium, Duration.ofDays(3650), clock);
        state.saveAuthorityState(consortium, authority.exportState(password()));
        LOG.info(() -> "created consortium authority " + consortium);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot restore the consortium authority (wrong coordinator.ca.password?)", e);
    }
    tokens = new EnrollmentTokens(clock, state.tokens());
  }

  public String consortium() {
    return consortium;
  }

  /** The consortium root every site trusts. */
  public X509Certificate rootCertificate() {
    return opened().rootCertificate();
  }

  /** Trust in consortium certificates, consulting the live revocation list on every check. */
  public ConsortiumTrust trust() {
    return new ConsortiumTrust(opened().rootCertificate(), opened(), clock);
  }

  /**
   * Approves a site by issuing its one-time enrollment token; the text is returned once and only
   * its hash is stored.
   */
  public synchronized IssuedToken issueToken(String siteId) {
    opened();
    Duration ttl = Duration.parse(tokenTimeToLive);
    String token = tokens.issue(siteId, ttl);
    state.saveTokens(tokens.stored());
    if (sites.find(siteId).isEmpty()) {
      sites.save(new SiteRecord(siteId, "", false, null));
    }
    return new IssuedToken(siteId, token, clock.instant().plus(ttl));
  }

  /**
   * Redeems a token and signs the site's certificate request.
   *
   * @return the site's certificate (the consortium root is the trust anchor; no intermediates)
   * @throws EnrollmentException when the token is unknown, expired, used, or for another site
   * @throws CertificateRequestException when the request is not acceptable
   */
  public synchronized List<X509Certificate> enroll(String siteId, String token, byte[] csrDer)
      throws EnrollmentException, CertificateRequestException {
    opened();
    String approvedSite = tokens.redeem(token);
    state.saveTokens(tokens.stored());
    if (!approvedSite.equals(siteId)) {
      throw new EnrollmentException(
          EnrollmentException.Reason.UNKNOWN_TOKEN,
          "token was issued for another site than " + siteId);
    }
    X509Certificate certificate =
        authority.issueSiteCertificate(csrDer, siteId, Duration.parse(siteCertificateValidity));
    state.saveAuthorityState(consortium, authority.exportState(password()));
    sites.save(
        new SiteRecord(siteId, certificate.getSerialNumber().toString(16), false, clock.instant()));
    LOG.info(() -> "enrolled site " + siteId);
    return List.of(certificate);
  }

  /**
   * Revokes a site and its certificate: its next handshake is refused, no restart needed.
   *
   * @return the serial number of the certificate revoked, empty when the site had none
   */
  public synchronized Optional<BigInteger> revoke(String siteId) throws SiteNotFoundException {
    opened();
    SiteRecord site = sites.find(siteId).orElseThrow(() -> new SiteNotFoundException(siteId));
    Optional<BigInteger> serial = Optional.empty();
    if (!site.certificateSerial().isEmpty()) {
      BigInteger number = new BigInteger(site.certificateSerial(), 16);
      authority.revoke(number);
      state.saveAuthorityState(consortium, authority.exportState(password()));
      serial = Optional.of(number);
    }
    sites.save(new SiteRecord(siteId, site.certificateSerial(), true, site.lastSeen()));
    LOG.info(() -> "revoked site " + siteId);
    return serial;
  }

  /**
   * A fresh TLS server identity for the coordinator's gRPC endpoints, signed by the consortium root
   * for the host names sites dial.
   */
  public synchronized SiteIdentity serverIdentity(List<String> hostNames) {
    SiteIdentity identity = SiteIdentity.generate("coordinator");
    try {
      X509Certificate certificate =
          opened()
              .issueServerCertificate(
                  identity.certificationRequest(), "coordinator", hostNames, Duration.ofDays(30));
      state.saveAuthorityState(consortium, authority.exportState(password()));
      return identity.withCertificateChain(List.of(certificate, authority.rootCertificate()));
    } catch (CertificateRequestException e) {
      throw new IllegalStateException("cannot issue the coordinator's server certificate", e);
    }
  }

  private ConsortiumAuthority opened() {
    if (authority == null) {
      open();
    }
    return authority;
  }

  private char[] password() {
    return authorityPassword.trim().toCharArray();
  }

  /**
   * An enrollment token as shown to the operator once.
   *
   * @param siteId the site it enrolls
   * @param token the secret text to hand to the hospital out of band
   * @param expiresAt after this it is refused
   */
  public record IssuedToken(String siteId, String token, Instant expiresAt) {}
}
