package org.transitionnet.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.transitionnet.fhir.Fhir.bloodPressure;
import static org.transitionnet.fhir.Fhir.patient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.InputLimits;
import org.transitionnet.importing.LimitExceededException;

/** A Bulk Data directory read within input limits: lines, decompressed bytes, gzip ratio. */
class BulkDirectoryLimitsTest {

  private static final ExtractionTask BP = Fhir.task("bp-antihypertensive");

  @TempDir Path dir;

  @Test
  void withinTheLimits_importsAsWithout() throws IOException {
    writeExport();
    ImportResult limited =
        Fhir.importer()
            .importBulkDirectory(dir, BP, new InputLimits(100, 4096, 10, 1 << 20, 40).begin());
    ImportResult free = Fhir.importer().importBulkDirectory(dir, BP);
    assertThat(limited.records()).isNotEmpty().hasSameSizeAs(free.records());
    assertThat(limited.rejections()).hasSameSizeAs(free.rejections());
  }

  @Test
  void aLineBeyondTheLimit_refusesTheImport_namingFileAndLine() throws IOException {
    writeExport();
    InputLimits tight = new InputLimits(100, 200, 10, 1 << 20, 40);
    assertThatThrownBy(() -> Fhir.importer().importBulkDirectory(dir, BP, tight.begin()))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.LINE_BYTES))
        .hasMessageContaining("line 1 of Observation.ndjson.gz");
  }

  @Test
  void decompressedBytesOverAllFiles_refuseTheImport() throws IOException {
    writeExport();
    long all = Files.size(dir.resolve("Patient.ndjson")) + observations().length;
    InputLimits limits = new InputLimits(100, 4096, 10, all - 1, 40);
    assertThatThrownBy(() -> Fhir.importer().importBulkDirectory(dir, BP, limits.begin()))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.DECOMPRESSED_BYTES));
  }

  @Test
  void aGzipBomb_isRefusedByItsRatio() throws IOException {
    Files.writeString(dir.resolve("Patient.ndjson"), patient("p1", "1960-05-01", "female") + "\n");
    String line = patient("p2", "1961-05-01", "male") + "\n";
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("Patient.2.ndjson.gz")))) {
      byte[] bytes = line.getBytes(UTF_8);
      for (long written = 0; written < (4L << 20); written += bytes.length) {
        out.write(bytes);
      }
    }
    InputLimits limits = new InputLimits(100, 4096, 10, 1L << 40, 40);
    assertThatThrownBy(() -> Fhir.importer().importBulkDirectory(dir, BP, limits.begin()))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(InputLimits.Limit.COMPRESSION_RATIO))
        .hasMessageContaining("Patient.2.ndjson.gz");
  }

  private void writeExport() throws IOException {
    Files.writeString(dir.resolve("Patient.ndjson"), patient("p1", "1960-05-01", "female") + "\n");
    Files.write(dir.resolve("Observation.ndjson.gz"), gzip(observations()));
  }

  private static byte[] observations() {
    return String.join(
            "\n",
            bloodPressure("o1", "p1", "2020-01-01T10:00:00Z", 150, 95),
            bloodPressure("o2", "p1", "2021-01-01T10:00:00Z", 140, 90),
            bloodPressure("o3", "p1", "2022-01-01T10:00:00Z", 130, 85))
        .concat("\n")
        .getBytes(UTF_8);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }
}
