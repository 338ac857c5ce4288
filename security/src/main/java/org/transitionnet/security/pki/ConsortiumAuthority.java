package org.transitionnet.security.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The consortium's certificate authority, run by the coordinator: a self-signed EC P-256 root that
 * signs site certificates from PKCS#10 requests, revokes them by serial number and signs CRLs. Its
 * whole state (root key encrypted under a password, issued and revoked serials) can be exported to
 * bytes and restored, so the coordinator can keep it in a database or a file.
 *
 * <p>It is also the coordinator's live {@link RevocationList}: a trust manager built on it refuses
 * a revoked site on the next handshake.
 *
 * <p>Thread-safe.
 */
public final class ConsortiumAuthority implements RevocationList {

  /** Site ids are DNS labels so they fit a certificate's dNSName as well as its CN. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** URI subject alternative name prefix that carries the site id. */
  public static final String SITE_URI_PREFIX = "urn:transitionnet:site:";

  private static final String STATE_HEADER = "transitionnet-consortium-authority 1";
  private static final String ROOT_ALIAS = "root";

  /**
   * How far back a certificate's validity starts: machines whose clocks run up to this much behind
   * the authority's (10 min; the consortium promises 5) still accept a certificate just issued.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

  private final String consortiumName;
  private final PrivateKey rootKey;
  private final X509Certificate root;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<BigInteger, IssuedCertificate> issued;
  private BigInteger crlNumber;

  private ConsortiumAuthority(
      String consortiumName,
      PrivateKey rootKey,
      X509Certificate root,
      Clock clock,
      Map<BigInteger, IssuedCertificate> issued,
      BigInteger crlNumber) {
    this.consortiumName = consortiumName;
    this.rootKey = rootKey;
    this.root = root;
    this.clock = clock;
    this.random = new SecureRandom();
    this.issued = new LinkedHashMap<>(issued);
    this.crlNumber = crlNumber;
  }

  /**
   * Creates a new consortium root.
   *
   * @param consortiumName the organisation name written into every certificate
   * @param rootValidity how long the root is valid (years, typically)
   * @param clock the authority's notion of now (system clock in production)
   */
  public static ConsortiumAuthority create(
      String consortiumName, Duration rootValidity, Clock clock) {
    Objects.requireNonNull(consortiumName, "consortiumName");
    Objects.requireNonNull(clock, "clock");
    SecureRandom random = new SecureRandom();
    KeyPair keyPair = KeyAlgorithms.newP256KeyPair(random);
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, consortiumName)
            .addRDN(BCStyle.CN, consortiumName + " Root CA")
            .build();
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  new BigInteger(127, random).setBit(126),
                  Date.from(now.minus(CLOCK_SKEW)),
                  Date.from(now.plus(rootValidity)),
                  subject,
                  keyPair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(keyPair.getPublic()));
      X509Certificate root =
          new JcaX509CertificateConverter()
              .getCertificate(builder.build(signer(keyPair.getPrivate())));
      return new ConsortiumAuthority(
          consortiumName, keyPair.getPrivate(), root, clock, Map.of(), BigInteger.ONE);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the consortium root", e);
    }
  }

  /** The trust anchor every node and the coordinator's TLS endpoints trust. */
  public X509Certificate rootCertificate() {
    return root;
  }

  public String consortiumName() {
    return consortiumName;
  }

  /**
   * Signs a site certificate: subject CN = site id, SANs dNSName = site id and URI {@code
   * urn:transitionnet:site:<id>}, extended key usage clientAuth. The request proves possession of
   * the key (its signature is checked); its own subject is ignored: the site id comes from the
   * operator's approval (a redeemed enrollment token).
   *
   * @param certificationRequestDer the site's PKCS#10 request, DER
   * @param siteId the site id the operator approved
   * @param validity how long the certificate is valid
   */
  public X509Certificate issueSiteCertificate(
      byte[] certificationRequestDer, String siteId, Duration validity)
      throws CertificateRequestException {
    requireName(siteId);
    List<GeneralName> names =
        List.of(
            new GeneralName(GeneralName.dNSName, siteId),
            new GeneralName(GeneralName.uniformResourceIdentifier, SITE_URI_PREFIX + siteId));
    return issue(certificationRequestDer, siteId, names, KeyPurposeId.id_kp_clientAuth, validity);
  }

  /**
   * Signs a TLS server certificate (the coordinator's endpoint): subject CN = server name, a
   * dNSName SAN per host name clients dial (IP literals become iPAddress SANs), extended key usage
   * serverAuth.
   */
  public X509Certificate issueServerCertificate(
      byte[] certificationRequestDer, String serverName, List<String> hostNames, Duration validity)
      throws CertificateRequestException {
    requireName(serverName);
    if (hostNames.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one host name");
    }
    List<GeneralName> names = new ArrayList<>();
    for (String host : hostNames) {
      boolean ip = host.matches("[0-9.]+") || host.contains(":");
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return issue(
        certificationRequestDer, serverName, names, KeyPurposeId.id_kp_serverAuth, validity);
  }

  private X509Certificate issue(
      byte[] csrDer,
      String subjectName,
      List<GeneralName> altNames,
      KeyPurposeId purpose,
      Duration validity)
      throws CertificateRequestException {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    PublicKey publicKey = verifiedRequestKey(csrDer);
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(root.getNotAfter().toInstant())) {
      notAfter = root.getNotAfter().toInstant();
    }
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, consortiumName)
            .addRDN(BCStyle.CN, subjectName)
            .build();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      synchronized (this) {
        BigInteger serial = newSerial();
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    root,
                    serial,
                    Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(notAfter),
                    subject,
                    publicKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(altNames.toArray(GeneralName[]::new)))
                .addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    utils.createAuthorityKeyIdentifier(root))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    utils.createSubjectKeyIdentifier(publicKey));
        X509Certificate certificate =
            new JcaX509CertificateConverter().getCertificate(builder.build(signer(rootKey)));
        issued.put(serial, new IssuedCertificate(serial, subjectName, notAfter, null));
        return certificate;
      }
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot sign certificate for " + subjectName, e);
    }
  }

  private static PublicKey verifiedRequestKey(byte[] csrDer) throws CertificateRequestException {
    try {
      JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csrDer);
      PublicKey key = request.getPublicKey();
      KeyAlgorithms.requireAcceptable(key);
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new CertificateRequestException("signature does not match the request's key");
      }
      return key;
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new CertificateRequestException("not a PKCS#10 request", e);
    } catch (InvalidKeyException e) {
      throw new CertificateRequestException(e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
      throw new CertificateRequestException("signature cannot be checked", e);
    }
  }

  private BigInteger newSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(127, random).setBit(126);
    } while (issued.containsKey(serial) || serial.equals(root.getSerialNumber()));
    return serial;
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "site or server name must be a DNS label (letters, digits, inner hyphens): " + name);
    }
  }

  /**
   * Revokes a certificate this authority issued. Takes effect for every trust manager built on this
   * authority at its next handshake and in the next CRL.
   *
   * @return true if it was valid until now, false if it was already revoked
   * @throws IllegalArgumentException if this authority never issued that serial number
   */
  public synchronized boolean revoke(BigInteger serialNumber) {
    IssuedCertificate entry = issued.get(serialNumber);
    if (entry == null) {
      throw new IllegalArgumentException("no certificate with serial " + serialNumber.toString(16));
    }
    if (entry.revoked()) {
      return false;
    }
    issued.put(serialNumber, entry.revokedAt(clock.instant()));
    return true;
  }

  @Override
  public synchronized boolean isRevoked(BigInteger serialNumber) {
    IssuedCertificate entry = issued.get(serialNumber);
    return entry != null && entry.revoked();
  }

  /** Everything this authority has signed, in order of issue. */
  public synchronized List<IssuedCertificate> issuedCertificates() {
    return List.copyOf(issued.values());
  }

  /**
   * A freshly signed X.509 v2 CRL listing every revoked serial, with an increasing CRL number so a
   * node can refuse an older CRL replayed to it.
   *
   * @param nextUpdateIn when relying parties should expect the next CRL
   */
  public synchronized X509CRL currentCrl(Duration nextUpdateIn) {
    Instant now = clock.instant();
    X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(root, Date.from(now));
    builder.setNextUpdate(Date.from(now.plus(nextUpdateIn)));
    for (IssuedCertificate entry : issued.values()) {
      if (entry.revoked()) {
        builder.addCRLEntry(
            entry.serialNumber(), Date.from(entry.revokedAt()), CRLReason.unspecified);
      }
    }
    try {
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root));
      crlNumber = crlNumber.add(BigInteger.ONE);
      return new JcaX509CRLConverter().getCRL(builder.build(signer(rootKey)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot sign CRL", e);
    }
  }

  /**
   * The authority's whole state as UTF-8 text: the root key and certificate in a PKCS#12 keystore
   * encrypted under {@code password}, then the issued serials with their revocation times. Store it
   * as a file or a database column; {@link #restore} reads it back.
   */
  public synchronized byte[] exportState(char[] password) {
    StringBuilder text = new StringBuilder(STATE_HEADER).append('\n');
    text.append("name=").append(consortiumName).append('\n');
    text.append("crl-number=").append(crlNumber).append('\n');
    for (IssuedCertificate entry : issued.values()) {
      text.append("issued=")
          .append(entry.serialNumber().toString(16))
          .append(',')
          .append(entry.subjectName())
          .append(',')
          .append(entry.notAfter().getEpochSecond())
          .append(',')
          .append(entry.revoked() ? Long.toString(entry.revokedAt().getEpochSecond()) : "-")
          .append('\n');
    }
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(ROOT_ALIAS, rootKey, password, new Certificate[] {root});
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      keyStore.store(bytes, password);
      text.append("keystore=")
          .append(Base64.getEncoder().encodeToString(bytes.toByteArray()))
          .append('\n');
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot export the root key", e);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Restores an authority from {@link #exportState}.
   *
   * @throws GeneralSecurityException if the password is wrong or the state is damaged
   */
  public static ConsortiumAuthority restore(byte[] state, char[] password, Clock clock)
      throws GeneralSecurityException {
    String[] lines = new String(state, StandardCharsets.UTF_8).split("\n");
    if (lines.length == 0 || !lines[0].equals(STATE_HEADER)) {
      throw new GeneralSecurityException("not a consortium authority state");
    }
    String name = null;
    BigInteger crlNumber = BigInteger.ONE;
    byte[] keyStoreBytes = null;
    Map<BigInteger, IssuedCertificate> issued = new LinkedHashMap<>();
    try {
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = line.substring(0, eq);
        String value = line.substring(eq + 1);
        switch (key) {
          case "name" -> name = value;
          case "crl-number" -> crlNumber = new BigInteger(value);
          case "keystore" -> keyStoreBytes = Base64.getDecoder().decode(value);
          case "issued" -> {
            String[] f = value.split(",");
            BigInteger serial = new BigInteger(f[0], 16);
            Instant revokedAt =
                f[3].equals("-") ? null : Instant.ofEpochSecond(Long.parseLong(f[3]));
            issued.put(
                serial,
                new IssuedCertificate(
                    serial, f[1], Instant.ofEpochSecond(Long.parseLong(f[2])), revokedAt));
          }
          default -> throw new GeneralSecurityException("unknown state line " + (i + 1));
        }
      }
    } catch (RuntimeException e) {
      throw new GeneralSecurityException("damaged consortium authority state", e);
    }
    if (name == null || keyStoreBytes == null) {
      throw new GeneralSecurityException("consortium authority state lacks name or keystore");
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try {
      keyStore.load(new ByteArrayInputStream(keyStoreBytes), password);
    } catch (IOException e) {
      throw new GeneralSecurityException("wrong password or damaged keystore", e);
    }
    PrivateKey key = (PrivateKey) keyStore.getKey(ROOT_ALIAS, password);
    X509Certificate root = (X509Certificate) keyStore.getCertificate(ROOT_ALIAS);
    return new ConsortiumAuthority(name, key, root, clock, issued, crlNumber);
  }

  private static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(KeyAlgorithms.signatureAlgorithm(key)).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("no signer for " + key.getAlgorithm(), e);
    }
  }
}
