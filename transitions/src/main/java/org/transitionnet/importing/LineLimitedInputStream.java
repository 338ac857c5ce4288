package org.transitionnet.importing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Refuses a line longer than a number of bytes while the bytes pass, so that a reader never holds
 * more than one over-long line's first bytes: a line is the bytes between two {@code \n} (a {@code
 * \r} before the {@code \n} is not counted). Lines are numbered from 1, as an editor shows them.
 * Mark and reset are not supported.
 */
public final class LineLimitedInputStream extends FilterInputStream {

  private final long maxLineBytes;
  private final String source;
  private long line = 1;
  private long lineBytes;
  private boolean pendingCr;

  /**
   * @param in the stream read (uncompressed text)
   * @param maxLineBytes the most bytes one line may hold
   * @param source the file name the refusal names
   */
  public LineLimitedInputStream(InputStream in, long maxLineBytes, String source) {
    super(Objects.requireNonNull(in, "in"));
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1, was " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.source = source == null ? "" : source;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      see((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    for (int i = 0; i < n; i++) {
      see(b[off + i]);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Read instead of skipping, so that no line passes unchecked.
    byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  private void see(byte b) {
    if (b == '\n') {
      line++;
      lineBytes = 0;
      pendingCr = false;
      return;
    }
    if (pendingCr) {
      // the \r held back was inside the line, not its end
      pendingCr = false;
      grow();
    }
    if (b == '\r') {
      pendingCr = true;
      return;
    }
    grow();
  }

  private void grow() {
    lineBytes++;
    if (lineBytes > maxLineBytes) {
      throw new LimitExceededException(
          InputLimits.Limit.LINE_BYTES,
          Long.toString(maxLineBytes),
          "line "
              + line
              + (source.isEmpty() ? "" : " of " + source)
              + " is longer than "
              + maxLineBytes
              + " bytes");
    }
  }
}
