package org.transitionnet.security.envelope;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The context an envelope is bound to: opening it under any other job, round, sender or receiver
 * fails, so a ciphertext cannot be replayed into another round or redirected to another site.
 */
public record AssociatedData(String jobId, long round, String sender, String receiver) {

  public AssociatedData {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(receiver, "receiver");
  }

  /** Unambiguous encoding (length-prefixed fields) fed to AES-GCM as associated data. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("transitionnet-envelope-v1");
      out.writeUTF(jobId);
      out.writeLong(round);
      out.writeUTF(sender);
      out.writeUTF(receiver);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
