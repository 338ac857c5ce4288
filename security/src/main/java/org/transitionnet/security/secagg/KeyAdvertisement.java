package org.transitionnet.security.secagg;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Phase 0, site to server: a site's two fresh X25519 public keys for this round (one to agree
 * pairwise masks, one to encrypt shares), a commitment to its self-mask seed, its certificate, and
 * its signature over all of these with job and round.
 *
 * @param maskPublicKey X25519 public key for pairwise masks (32 bytes)
 * @param sharePublicKey X25519 public key for share encryption (32 bytes)
 * @param selfMaskCommitment SHA-256 commitment to the self-mask seed (32 bytes)
 * @param certificate the site's consortium certificate, DER
 * @param signature the certificate key's signature over {@link #signedContent()}
 */
public record KeyAdvertisement(
    String jobId,
    long round,
    String siteId,
    byte[] maskPublicKey,
    byte[] sharePublicKey,
    byte[] selfMaskCommitment,
    byte[] certificate,
    byte[] signature)
    implements RoundMessage {

  public KeyAdvertisement {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(maskPublicKey, "maskPublicKey");
    Objects.requireNonNull(sharePublicKey, "sharePublicKey");
    Objects.requireNonNull(selfMaskCommitment, "selfMaskCommitment");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(signature, "signature");
  }

  /** The bytes the signature covers: a label, job, round, site and the three public values. */
  public byte[] signedContent() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("transitionnet-secagg-v1/advertise");
      out.writeUTF(jobId);
      out.writeLong(round);
      out.writeUTF(siteId);
      for (byte[] field : new byte[][] {maskPublicKey, sharePublicKey, selfMaskCommitment}) {
        out.writeInt(field.length);
        out.write(field);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
