package org.transitionnet.security.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A site's (or the coordinator endpoint's) own key pair and certificate chain: generates an EC
 * P-256 key, writes the PKCS#10 request the consortium authority signs, and keeps key and chain in
 * a password-protected PKCS#12 keystore.
 *
 * <p>Before enrollment the keystore holds the key with a self-signed placeholder certificate (a
 * PKCS#12 key entry needs one), so a node can restart while it waits for approval; {@link
 * #isEnrolled()} tells the two apart. The private key never leaves this object except into a
 * keystore; callers sign through {@link #sign}.
 */
public final class SiteIdentity {

  /** The keystore alias of the identity's key entry. */
  public static final String ALIAS = "site";

  private final String siteId;
  private final KeyPair keyPair;
  private final List<X509Certificate> chain;
  private final boolean enrolled;

  private SiteIdentity(
      String siteId, KeyPair keyPair, List<X509Certificate> chain, boolean enrolled) {
    this.siteId = siteId;
    this.keyPair = keyPair;
    this.chain = List.copyOf(chain);
    this.enrolled = enrolled;
  }

  /** A fresh EC P-256 key pair for {@code siteId}, not yet enrolled. */
  public static SiteIdentity generate(String siteId) {
    Objects.requireNonNull(siteId, "siteId");
    KeyPair keyPair = KeyAlgorithms.newP256KeyPair(new SecureRandom());
    return new SiteIdentity(siteId, keyPair, List.of(placeholder(siteId, keyPair)), false);
  }

  public String siteId() {
    return siteId;
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** Whether a consortium-signed certificate has been installed. */
  public boolean isEnrolled() {
    return enrolled;
  }

  /** The leaf certificate (the self-signed placeholder before enrollment). */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Leaf first, then the consortium root when it was installed with it. */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /** The PKCS#10 request (DER) for this key with subject CN = site id, signed by the key. */
  public byte[] certificationRequest() {
    try {
      return new JcaPKCS10CertificationRequestBuilder(subject(siteId), keyPair.getPublic())
          .build(
              new JcaContentSignerBuilder(KeyAlgorithms.signatureAlgorithm(keyPair.getPrivate()))
                  .build(keyPair.getPrivate()))
          .getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build certificate request", e);
    }
  }

  /** The request as PEM text. */
  public String certificationRequestPem() {
    return Pem.encode(Pem.CERTIFICATE_REQUEST, certificationRequest());
  }

  /**
   * This identity with the chain the authority returned (leaf first; the root may follow).
   *
   * @throws IllegalArgumentException if the leaf is not for this key or this site id
   */
  public SiteIdentity withCertificateChain(List<X509Certificate> certificateChain) {
    if (certificateChain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain");
    }
    X509Certificate leaf = certificateChain.get(0);
    if (!leaf.getPublicKey().equals(keyPair.getPublic())) {
      throw new IllegalArgumentException("certificate is for another key");
    }
    String named;
    try {
      named = ConsortiumTrust.siteId(leaf);
    } catch (UntrustedCertificateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!named.equals(siteId)) {
      throw new IllegalArgumentException("certificate names " + named + ", not " + siteId);
    }
    return new SiteIdentity(siteId, keyPair, new ArrayList<>(certificateChain), true);
  }

  /** Signs {@code message} with the identity's key (ECDSA-SHA256 for P-256). */
  public byte[] sign(byte[] message) {
    return KeyAlgorithms.sign(keyPair.getPrivate(), message);
  }

  /** A PKCS#12 keystore holding key and chain under {@link #ALIAS}, protected by password. */
  public KeyStore toKeyStore(char[] password) {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          ALIAS, keyPair.getPrivate(), password, chain.toArray(Certificate[]::new));
      return keyStore;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build PKCS#12 keystore", e);
    }
  }

  /** The keystore as PKCS#12 bytes. */
  public byte[] toPkcs12(char[] password) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      toKeyStore(password).store(bytes, password);
      return bytes.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write PKCS#12 keystore", e);
    }
  }

  /** Writes the PKCS#12 keystore atomically (temporary file, then move). */
  public void save(Path file, char[] password) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    Files.write(temporary, toPkcs12(password));
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads an identity written by {@link #save}. */
  public static SiteIdentity load(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    return fromPkcs12(Files.readAllBytes(file), password);
  }

  /**
   * Reads an identity from PKCS#12 bytes.
   *
   * @throws GeneralSecurityException if the password is wrong or the keystore has no site entry
   */
  public static SiteIdentity fromPkcs12(byte[] pkcs12, char[] password)
      throws GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try {
      keyStore.load(new ByteArrayInputStream(pkcs12), password);
    } catch (IOException e) {
      throw new GeneralSecurityException("wrong password or damaged keystore", e);
    }
    if (!(keyStore.getKey(ALIAS, password) instanceof PrivateKey key)) {
      throw new GeneralSecurityException("keystore has no key entry '" + ALIAS + "'");
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate certificate : keyStore.getCertificateChain(ALIAS)) {
      chain.add((X509Certificate) certificate);
    }
    X509Certificate leaf = chain.get(0);
    String siteId = ConsortiumTrust.siteId(leaf);
    boolean selfSigned = leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal());
    return new SiteIdentity(siteId, new KeyPair(leaf.getPublicKey(), key), chain, !selfSigned);
  }

  private static X500Name subject(String siteId) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, siteId).build();
  }

  private static X509Certificate placeholder(String siteId, KeyPair keyPair) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      subject(siteId),
                      BigInteger.ONE,
                      Date.from(now),
                      Date.from(now.plus(3650, ChronoUnit.DAYS)),
                      subject(siteId),
                      keyPair.getPublic())
                  .build(
                      new JcaContentSignerBuilder(
                              KeyAlgorithms.signatureAlgorithm(keyPair.getPrivate()))
                          .build(keyPair.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create placeholder certificate", e);
    }
  }
}
