package org.transitionnet.importing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How much input one import may bring: the bytes of its request, the bytes of one line (CSV or
 * NDJSON), the records it makes, the bytes it reads after decompression and how far one gzip file
 * may expand. Hostile or broken input is refused with a {@link LimitExceededException} naming the
 * limit and its setting; nothing of the import may then be stored. docs/reliability.md ("Input
 * limits") gives the measurements behind {@link #DEFAULTS}.
 *
 * @param maxRequestBytes the bytes one import request may send (all its files together)
 * @param maxLineBytes the bytes one line of a CSV or NDJSON file may hold
 * @param maxRecords the records one import may make
 * @param maxDecompressedBytes the bytes of NDJSON one import may read after decompression (all its
 *     files together, compressed or not)
 * @param maxCompressionRatio how many times its compressed size one gzip file may expand to, once
 *     it has expanded beyond {@link #RATIO_FLOOR_BYTES}
 */
public record InputLimits(
    long maxRequestBytes,
    long maxLineBytes,
    long maxRecords,
    long maxDecompressedBytes,
    double maxCompressionRatio) {

  /** A gzip file is not refused for its ratio before it has expanded to this many bytes (1 MiB). */
  public static final long RATIO_FLOOR_BYTES = 1L << 20;

  /**
   * The defaults: a 10-year export of a hospital of 100,000 patients with headroom (see
   * docs/reliability.md, "Input limits").
   */
  public static final InputLimits DEFAULTS =
      new InputLimits(2_000_000_000L, 1L << 20, 5_000_000L, 64L << 30, 100);

  /** No limits (tests and trusted callers). */
  public static final InputLimits NONE =
      new InputLimits(
          Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE);

  public InputLimits {
    positive(maxRequestBytes, Limit.REQUEST_BYTES);
    positive(maxLineBytes, Limit.LINE_BYTES);
    positive(maxRecords, Limit.RECORDS);
    positive(maxDecompressedBytes, Limit.DECOMPRESSED_BYTES);
    if (!(maxCompressionRatio >= 1)) {
      throw new IllegalArgumentException(
          Limit.COMPRESSION_RATIO.setting() + " must be >= 1, was " + maxCompressionRatio);
    }
  }

  private static void positive(long value, Limit limit) {
    if (value < 1) {
      throw new IllegalArgumentException(limit.setting() + " must be >= 1, was " + value);
    }
  }

  /** The value of one limit, as its setting would hold it. */
  public String value(Limit limit) {
    return switch (limit) {
      case REQUEST_BYTES -> Long.toString(maxRequestBytes);
      case LINE_BYTES -> Long.toString(maxLineBytes);
      case RECORDS -> Long.toString(maxRecords);
      case DECOMPRESSED_BYTES -> Long.toString(maxDecompressedBytes);
      case COMPRESSION_RATIO -> ratio(maxCompressionRatio);
    };
  }

  /** Starts the accounting of one import: its counts span all the files it reads. */
  public Budget begin() {
    return new Budget(this);
  }

  private static String ratio(double r) {
    return r == Math.rint(r) && r < 1e15 ? Long.toString((long) r) : Double.toString(r);
  }

  /** The limits, with the settings (MicroProfile Config names) that hold them. */
  public enum Limit {
    REQUEST_BYTES("import.max-request-bytes", "bytes"),
    LINE_BYTES("import.max-line-bytes", "bytes"),
    RECORDS("import.max-records", "records"),
    DECOMPRESSED_BYTES("import.max-decompressed-bytes", "bytes"),
    COMPRESSION_RATIO("import.max-compression-ratio", "");

    private final String setting;
    private final String unit;

    Limit(String setting, String unit) {
      this.setting = setting;
      this.unit = unit;
    }

    /** The setting's name, e.g. {@code import.max-request-bytes}. */
    public String setting() {
      return setting;
    }

    /** What the limit counts ({@code bytes}, {@code records}; empty for a ratio). */
    public String unit() {
      return unit;
    }

    /** The environment variable (e.g. in server.env) that sets it: {@code IMPORT_MAX_...}. */
    public String environmentVariable() {
      return setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
  }

  /**
   * The accounting of one import. Its counts (request bytes, decompressed bytes) span every file
   * the import reads. Not thread-safe: one per import.
   */
  public static final class Budget {

    private final InputLimits limits;
    private long requestBytes;
    private long decompressedBytes;

    private Budget(InputLimits limits) {
      this.limits = limits;
    }

    public InputLimits limits() {
      return limits;
    }

    /**
     * Refuses a request whose declared length (Content-Length) is already beyond the limit, before
     * any of it is read; a negative length (not declared) passes.
     */
    public void declaredLength(long contentLength) {
      if (contentLength > limits.maxRequestBytes) {
        throw refusedRequest("the request declares " + contentLength + " bytes");
      }
    }

    /** The stream of (part of) the request; every such stream counts toward one request total. */
    public InputStream request(InputStream in) {
      return new LimitedInputStream(
          in,
          n -> {
            requestBytes += n;
            if (requestBytes > limits.maxRequestBytes) {
              throw refusedRequest("more than " + limits.maxRequestBytes + " bytes were sent");
            }
          });
    }

    /** The text stream with each line bounded; a refusal names {@code source} and the line. */
    public InputStream lines(InputStream text, String source) {
      return new LineLimitedInputStream(text, limits.maxLineBytes, source);
    }

    /** As {@link #gunzip} when the stream starts with gzip's magic bytes, else {@link #plain}. */
    public InputStream maybeGunzip(InputStream in, String source) throws IOException {
      BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
      buffered.mark(2);
      int b1 = buffered.read();
      int b2 = buffered.read();
      buffered.reset();
      return b1 == 0x1f && b2 == 0x8b ? gunzip(buffered, source) : plain(buffered, source);
    }

    /** An uncompressed file: its bytes count toward the import's decompressed bytes. */
    public InputStream plain(InputStream in, String source) {
      return new LimitedInputStream(in, n -> addDecompressed(n, source));
    }

    /**
     * A gzip file, decompressed: its output counts toward the import's decompressed bytes, and it
     * is refused once it has expanded beyond {@link #RATIO_FLOOR_BYTES} and to more than {@link
     * InputLimits#maxCompressionRatio} times the compressed bytes read so far.
     */
    public InputStream gunzip(InputStream compressed, String source) throws IOException {
      LimitedInputStream counted = new LimitedInputStream(compressed, n -> {});
      GZIPInputStream gz = new GZIPInputStream(counted, 1 << 16);
      long[] expanded = new long[1];
      return new LimitedInputStream(
          gz,
          n -> {
            expanded[0] += n;
            addDecompressed(n, source);
            long in = Math.max(1, counted.count());
            if (expanded[0] > RATIO_FLOOR_BYTES && expanded[0] > limits.maxCompressionRatio * in) {
              throw new LimitExceededException(
                  Limit.COMPRESSION_RATIO,
                  limits.value(Limit.COMPRESSION_RATIO),
                  name(source)
                      + " expands more than "
                      + limits.value(Limit.COMPRESSION_RATIO)
                      + " times: "
                      + in
                      + " compressed bytes became more than "
                      + expanded[0]
                      + " bytes");
            }
          });
    }

    /** Refuses an import that makes more than {@link InputLimits#maxRecords} records. */
    public void records(long made) {
      if (made > limits.maxRecords) {
        throw new LimitExceededException(
            Limit.RECORDS,
            limits.value(Limit.RECORDS),
            "the import holds " + made + " records, more than " + limits.maxRecords);
      }
    }

    /** Bytes of the request read so far. */
    public long requestBytes() {
      return requestBytes;
    }

    /** Bytes read after decompression so far, over all files. */
    public long decompressedBytes() {
      return decompressedBytes;
    }

    private void addDecompressed(long n, String source) {
      decompressedBytes += n;
      if (decompressedBytes > limits.maxDecompressedBytes) {
        throw new LimitExceededException(
            Limit.DECOMPRESSED_BYTES,
            limits.value(Limit.DECOMPRESSED_BYTES),
            "the import's files hold more than "
                + limits.maxDecompressedBytes
                + " bytes after decompression (reached in "
                + name(source)
                + ")");
      }
    }

    private LimitExceededException refusedRequest(String seen) {
      return new LimitExceededException(
          Limit.REQUEST_BYTES, limits.value(Limit.REQUEST_BYTES), seen);
    }

    private static String name(String source) {
      return source == null || source.isEmpty() ? "a file" : source;
    }
  }
}
