package org.transitionnet.security.secagg;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * What both roles of one secure aggregation round agree on before it starts.
 *
 * @param jobId the job; bound into every signature and encryption of the round
 * @param round the round number; likewise
 * @param vectorLength number of int32 coordinates in each site's quantized update
 * @param minimumSurvivors t: no aggregate is released over fewer sites than this, at any phase
 * @param graph who masks with whom (complete or SecAgg+)
 */
public record SecAggParameters(
    String jobId, long round, int vectorLength, int minimumSurvivors, MaskingGraph graph) {

  public SecAggParameters {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(graph, "graph");
    if (vectorLength <= 0) {
      throw new IllegalArgumentException("vectorLength must be positive: " + vectorLength);
    }
    if (minimumSurvivors < 2) {
      throw new IllegalArgumentException(
          "minimumSurvivors must be at least 2 (one site's sum is its update): "
              + minimumSurvivors);
    }
  }

  /**
   * Parameters with the default threshold t = floor(n/2) + 1 for n expected sites: a strict
   * majority, so even a server that lied about who dropped out could not collect t shares of both
   * secrets of one site.
   */
  public static SecAggParameters withMajorityThreshold(
      String jobId, long round, int vectorLength, int expectedSites, MaskingGraph graph) {
    return new SecAggParameters(
        jobId, round, vectorLength, Math.max(2, expectedSites / 2 + 1), graph);
  }

  /** The public seed of the masking graph, derived from job and round only. */
  long graphSeed() {
    return ByteBuffer.wrap(context("masking-graph")).getLong();
  }

  /** SHA-256 over a purpose label, the job and the round: HKDF salt and graph seed. */
  byte[] context(String purpose) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("transitionnet-secagg-v1");
      out.writeUTF(purpose);
      out.writeUTF(jobId);
      out.writeLong(round);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
