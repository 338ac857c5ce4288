package org.transitionnet.mapping;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes decoded strictly as UTF-8, remembering where malformed bytes were (each replaced by
 * U+FFFD), so that the importer can name the row that holds them. A leading byte-order mark is
 * dropped.
 */
record Utf8Text(String text, int[] malformedAt) {

  static Utf8Text decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never yields more chars than bytes; each replacement stands for at least one byte.
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    List<Integer> bad = new ArrayList<>();
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        break;
      }
      if (result.isError()) {
        bad.add(out.position());
        out.put('\uFFFD');
        in.position(in.position() + result.length());
      } else {
        throw new IllegalStateException("decoder overflow: " + result);
      }
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    int shift = 0;
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
      shift = 1;
    }
    final int s = shift;
    return new Utf8Text(text, bad.stream().mapToInt(i -> i - s).toArray());
  }

  /** Whether malformed bytes lie in the character range {@code [from, to)}. */
  boolean malformedIn(long from, long to) {
    int i = Arrays.binarySearch(malformedAt, (int) Math.min(from, Integer.MAX_VALUE));
    if (i >= 0) {
      return true;
    }
    int next = -i - 1;
    return next < malformedAt.length && malformedAt[next] < to;
  }

  boolean anyMalformed() {
    return malformedAt.length > 0;
  }
}
