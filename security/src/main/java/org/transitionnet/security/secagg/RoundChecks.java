package org.transitionnet.security.secagg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.transitionnet.security.envelope.AssociatedData;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.Pem;
import org.transitionnet.security.pki.UntrustedCertificateException;

/** Checks and encodings both roles share. */
final class RoundChecks {

  static final String PAIRWISE_MASK = "secagg pairwise mask";
  static final String SELF_MASK = "secagg self mask";
  static final String SHARE_KEY = "secagg share encryption";

  private RoundChecks() {}

  static void requireRound(SecAggParameters parameters, RoundMessage message, String site)
      throws SecAggException {
    if (!parameters.jobId().equals(message.jobId()) || parameters.round() != message.round()) {
      throw new SecAggException(
          SecAggException.Reason.WRONG_ROUND,
          site,
          "message for "
              + message.jobId()
              + "/"
              + message.round()
              + ", round is "
              + parameters.jobId()
              + "/"
              + parameters.round());
    }
  }

  /** Verifies an advertisement's round, key sizes, certificate and signature. */
  static void verifyAdvertisement(
      SecAggParameters parameters, ConsortiumTrust trust, KeyAdvertisement advertisement)
      throws SecAggException {
    String site = advertisement.siteId();
    requireRound(parameters, advertisement, site);
    if (advertisement.maskPublicKey().length != X25519Keys.KEY_BYTES
        || advertisement.sharePublicKey().length != X25519Keys.KEY_BYTES
        || advertisement.selfMaskCommitment().length != 32) {
      throw new SecAggException(SecAggException.Reason.MALFORMED, site, "key or commitment size");
    }
    X509Certificate certificate;
    try {
      certificate = Pem.certificate(advertisement.certificate());
    } catch (CertificateException e) {
      throw new SecAggException(SecAggException.Reason.MALFORMED, site, "unreadable certificate");
    }
    try {
      trust.verifySiteSignature(
          certificate, site, advertisement.signedContent(), advertisement.signature());
    } catch (UntrustedCertificateException e) {
      throw new SecAggException(SecAggException.Reason.IMPERSONATION, site, e.getMessage());
    }
  }

  static byte[] commitment(byte[] seed) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("transitionnet-secagg-v1/self-mask-commitment".getBytes());
      return digest.digest(seed);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** +1 when {@code site} adds the pair's mask, -1 when it subtracts it. */
  static int pairSign(String site, String peer) {
    return site.compareTo(peer) < 0 ? 1 : -1;
  }

  static AssociatedData shareContext(SecAggParameters parameters, String sender, String receiver) {
    return new AssociatedData(parameters.jobId(), parameters.round(), sender, receiver);
  }

  /** Plaintext of an encrypted share: sender, receiver, x, seed share, key share. */
  static byte[] encodeShares(
      String sender, String receiver, int x, ShamirSharing.Share seed, ShamirSharing.Share key) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(sender);
      out.writeUTF(receiver);
      out.writeInt(x);
      out.write(seed.valueBytes());
      out.write(key.valueBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Held shares of one owner's two secrets. */
  record HeldShares(ShamirSharing.Share seed, ShamirSharing.Share key) {}

  static HeldShares decodeShares(byte[] plaintext, String sender, String receiver)
      throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plaintext));
    String s = in.readUTF();
    String r = in.readUTF();
    if (!s.equals(sender) || !r.equals(receiver)) {
      throw new IOException("share names " + s + "->" + r);
    }
    int x = in.readInt();
    byte[] seed = in.readNBytes(ShamirSharing.SHARE_BYTES);
    byte[] key = in.readNBytes(ShamirSharing.SHARE_BYTES);
    if (key.length != ShamirSharing.SHARE_BYTES || in.available() != 0) {
      throw new IOException("share length");
    }
    return new HeldShares(ShamirSharing.Share.of(x, seed), ShamirSharing.Share.of(x, key));
  }
}
