package org.transitionnet.importing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read through it and tells a check after each read how many came; the check
 * refuses by throwing (a {@link LimitExceededException}), so a reader stops at the first read that
 * goes beyond a limit instead of after the whole input. Skipped bytes count as read. Mark and reset
 * are not supported (a reset would count bytes twice).
 */
public final class LimitedInputStream extends FilterInputStream {

  private final LongConsumer afterRead;
  private long count;

  /**
   * @param in the stream read
   * @param afterRead called with the number of bytes each read returned (never 0 or less)
   */
  public LimitedInputStream(InputStream in, LongConsumer afterRead) {
    super(Objects.requireNonNull(in, "in"));
    this.afterRead = Objects.requireNonNull(afterRead, "afterRead");
  }

  /** A stream that refuses more than {@code max} bytes in all as {@code limit}. */
  public static LimitedInputStream atMost(InputStream in, long max, InputLimits.Limit limit) {
    long[] total = new long[1];
    return new LimitedInputStream(
        in,
        n -> {
          total[0] += n;
          if (total[0] > max) {
            throw new LimitExceededException(
                limit, Long.toString(max), "more than " + max + " bytes were sent");
          }
        });
  }

  /** Bytes read (and skipped) so far. */
  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) {
      counted(skipped);
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

  private void counted(long n) {
    count += n;
    afterRead.accept(n);
  }
}
