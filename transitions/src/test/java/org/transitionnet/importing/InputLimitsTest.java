package org.transitionnet.importing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class InputLimitsTest {

  private static InputLimits limits(
      long requestBytes, long lineBytes, long records, long decompressed, double ratio) {
    return new InputLimits(requestBytes, lineBytes, records, decompressed, ratio);
  }

  @Test
  void requestBytes_exactlyTheMaxPasses_andOneMoreIsRefused() throws IOException {
    InputLimits.Budget atMax = limits(100, 1000, 10, 1000, 10).begin();
    assertThat(atMax.request(new ByteArrayInputStream(new byte[100])).readAllBytes()).hasSize(100);

    InputLimits.Budget over = limits(100, 1000, 10, 1000, 10).begin();
    InputStream in = over.request(new ByteArrayInputStream(new byte[101]));
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(InputLimits.Limit.REQUEST_BYTES);
              assertThat(e.setting()).isEqualTo("import.max-request-bytes");
              assertThat(e.max()).isEqualTo("100");
            })
        .hasMessageContaining("import.max-request-bytes (100 bytes)");
  }

  @Test
  void requestBytes_countOverAllPartsOfOneImport() throws IOException {
    InputLimits.Budget budget = limits(100, 1000, 10, 1000, 10).begin();
    budget.request(new ByteArrayInputStream(new byte[60])).readAllBytes();
    InputStream second = budget.request(new ByteArrayInputStream(new byte[41]));
    assertThatThrownBy(second::readAllBytes).isInstanceOf(LimitExceededException.class);
    assertThat(budget.requestBytes()).isEqualTo(101);
  }

  @Test
  void requestBytes_singleByteReadsAndSkipsCountToo() throws IOException {
    InputStream in =
        limits(3, 10, 10, 10, 10).begin().request(new ByteArrayInputStream(new byte[5]));
    assertThat(in.read()).isZero();
    assertThat(in.skip(2)).isEqualTo(2);
    assertThatThrownBy(in::read).isInstanceOf(LimitExceededException.class);
  }

  @Test
  void declaredLength_beyondTheMax_isRefusedBeforeReading() {
    InputLimits.Budget budget = limits(100, 1000, 10, 1000, 10).begin();
    budget.declaredLength(-1);
    budget.declaredLength(100);
    assertThatThrownBy(() -> budget.declaredLength(101))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("declares 101 bytes");
  }

  @Test
  void atMost_refusesTheByteAfterTheMax() throws IOException {
    byte[] ten = new byte[10];
    assertThat(
            LimitedInputStream.atMost(
                    new ByteArrayInputStream(ten), 10, InputLimits.Limit.REQUEST_BYTES)
                .readAllBytes())
        .hasSize(10);
    InputStream eleven =
        LimitedInputStream.atMost(
            new ByteArrayInputStream(new byte[11]), 10, InputLimits.Limit.REQUEST_BYTES);
    assertThatThrownBy(eleven::readAllBytes).isInstanceOf(LimitExceededException.class);
  }

  @Test
  void lineOfExactlyTheMaxPasses_andALongerOneIsRefusedWithItsLineNumber() throws IOException {
    String ok = "a".repeat(8) + "\r\n" + "b".repeat(8) + "\n" + "c".repeat(8);
    InputStream in = lines(ok, 8);
    assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo(ok);

    String bad = "a".repeat(8) + "\n" + "b".repeat(8) + "\n" + "c".repeat(9) + "\n";
    assertThatThrownBy(() -> lines(bad, 8).readAllBytes())
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.LINE_BYTES))
        .hasMessageContaining("line 3 of data.ndjson")
        .hasMessageContaining("import.max-line-bytes (8 bytes)");
  }

  @Test
  void aCarriageReturnInsideALineCounts() {
    assertThatThrownBy(() -> lines("abcd\refgh\n", 8).readAllBytes())
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void aLongLineIsRefusedBeforeAReaderHoldsIt() {
    // 64 MiB of one line would fill a BufferedReader; the limit stops it at the 1025th byte.
    InputStream endless = new RepeatingStream('x', 64L << 20);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(lines(endless, 1024), UTF_8), 1 << 16);
    assertThatThrownBy(reader::readLine)
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void gzipBomb_isRefusedByItsRatio() throws IOException {
    byte[] bomb = gzip(new byte[8 << 20]); // 8 MiB of zeros: about 8 KB compressed
    InputLimits.Budget budget = limits(Long.MAX_VALUE, Long.MAX_VALUE, 10, 1L << 40, 100).begin();
    InputStream in = budget.maybeGunzip(new ByteArrayInputStream(bomb), "Observation.ndjson.gz");
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.COMPRESSION_RATIO))
        .hasMessageContaining("import.max-compression-ratio (100)")
        .hasMessageContaining("Observation.ndjson.gz");
    // refused soon after the floor, not after the whole bomb
    assertThat(budget.decompressedBytes()).isLessThan(2L << 20);
  }

  @Test
  void smallFilesMayCompressWell_belowTheRatioFloor() throws IOException {
    byte[] zeros = new byte[(int) InputLimits.RATIO_FLOOR_BYTES];
    InputLimits.Budget budget = limits(Long.MAX_VALUE, Long.MAX_VALUE, 10, 1L << 40, 2).begin();
    assertThat(budget.maybeGunzip(new ByteArrayInputStream(gzip(zeros)), "f.gz").readAllBytes())
        .hasSize(zeros.length);
  }

  @Test
  void realisticRatio_passes() throws IOException {
    byte[] text = ndjsonLike(4 << 20);
    byte[] compressed = gzip(text);
    InputLimits.Budget budget = limits(Long.MAX_VALUE, 4096, 10, 1L << 40, 40).begin();
    InputStream in =
        budget.lines(budget.maybeGunzip(new ByteArrayInputStream(compressed), "f.gz"), "f.gz");
    assertThat(in.readAllBytes()).isEqualTo(text);
    assertThat(budget.decompressedBytes()).isEqualTo(text.length);
  }

  @Test
  void decompressedBytes_countOverAllFiles_plainOrGzip() throws IOException {
    InputLimits.Budget budget = limits(Long.MAX_VALUE, Long.MAX_VALUE, 10, 1000, 1000).begin();
    budget.plain(new ByteArrayInputStream(new byte[600]), "Patient.ndjson").readAllBytes();
    InputStream second =
        budget.maybeGunzip(new ByteArrayInputStream(gzip(new byte[401])), "Condition.ndjson.gz");
    assertThatThrownBy(second::readAllBytes)
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.DECOMPRESSED_BYTES))
        .hasMessageContaining("import.max-decompressed-bytes (1000 bytes)")
        .hasMessageContaining("Condition.ndjson.gz");
  }

  @Test
  void maybeGunzip_passesPlainTextThrough() throws IOException {
    InputLimits.Budget budget = InputLimits.NONE.begin();
    byte[] text = "{\"resourceType\":\"Patient\"}\n".getBytes(UTF_8);
    assertThat(budget.maybeGunzip(new ByteArrayInputStream(text), "p").readAllBytes())
        .isEqualTo(text);
  }

  @Test
  void records_exactlyTheMaxPass_andOneMoreIsRefused() {
    InputLimits.Budget budget = limits(10, 10, 500, 10, 10).begin();
    budget.records(500);
    assertThatThrownBy(() -> budget.records(501))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.RECORDS))
        .hasMessageContaining("import.max-records (500 records)")
        .hasMessageContaining("501");
  }

  @Test
  void settingsAndEnvironmentVariables() {
    assertThat(InputLimits.Limit.REQUEST_BYTES.environmentVariable())
        .isEqualTo("IMPORT_MAX_REQUEST_BYTES");
    assertThat(InputLimits.Limit.COMPRESSION_RATIO.environmentVariable())
        .isEqualTo("IMPORT_MAX_COMPRESSION_RATIO");
    assertThat(InputLimits.DEFAULTS.value(InputLimits.Limit.COMPRESSION_RATIO)).isEqualTo("100");
    assertThat(limits(1, 1, 1, 1, 2.5).value(InputLimits.Limit.COMPRESSION_RATIO)).isEqualTo("2.5");
  }

  @Test
  void limitsBelowOne_areRefused() {
    assertThatThrownBy(() -> limits(0, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("import.max-request-bytes");
    assertThatThrownBy(() -> limits(1, 1, 1, 1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("import.max-compression-ratio");
  }

  // --- helpers

  private static InputStream lines(String text, long max) {
    return lines(new ByteArrayInputStream(text.getBytes(UTF_8)), max);
  }

  private static InputStream lines(InputStream in, long max) {
    return limits(Long.MAX_VALUE, max, 10, 10, 10).begin().lines(in, "data.ndjson");
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  /** NDJSON-like lines with random ids and values: compresses about as well as a real export. */
  private static byte[] ndjsonLike(int size) {
    Random random = new Random(7);
    StringBuilder out = new StringBuilder(size + 512);
    while (out.length() < size) {
      out.append("{\"resourceType\":\"Observation\",\"id\":\"")
          .append(Long.toHexString(random.nextLong()))
          .append(Long.toHexString(random.nextLong()))
          .append("\",\"subject\":{\"reference\":\"Patient/")
          .append(Long.toHexString(random.nextLong()))
          .append("\"},\"valueQuantity\":{\"value\":")
          .append(random.nextInt(100_000) / 100.0)
          .append(",\"unit\":\"mm[Hg]\"},\"effectiveDateTime\":\"20")
          .append(10 + random.nextInt(15))
          .append("-0")
          .append(1 + random.nextInt(9))
          .append("-1")
          .append(random.nextInt(10))
          .append("T0")
          .append(random.nextInt(10))
          .append(":00:00Z\"}\n");
    }
    return out.toString().getBytes(UTF_8);
  }

  /** {@code length} copies of one byte, without holding them. */
  private static final class RepeatingStream extends InputStream {
    private final int b;
    private long left;

    RepeatingStream(int b, long length) {
      this.b = b;
      this.left = length;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(buf, off, off + n, (byte) b);
      left -= n;
      return n;
    }
  }
}
