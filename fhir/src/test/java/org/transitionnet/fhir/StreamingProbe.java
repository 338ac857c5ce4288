package org.transitionnet.fhir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.hl7.fhir.r4.model.ResourceType;
import org.transitionnet.importing.ImportResult;

/**
 * Imports a generated Observation NDJSON stream of a given size that never exists in memory or on
 * disk: one blood-pressure panel of ten patients every {@link #EVERY} lines, body-weight
 * Observations in between. Run in a child JVM with a small heap by {@link StreamingMemoryTest}.
 * Prints {@code chars=... maxHeap=... records=... rejections=...}.
 */
public final class StreamingProbe {

  static final int PATIENTS = 10;
  static final int EVERY = 100;

  private StreamingProbe() {}

  public static void main(String[] args) throws Exception {
    long targetChars = Long.parseLong(args[0]);
    ExtractionTask task = Fhir.task("bp-antihypertensive");
    StringBuilder patients = new StringBuilder();
    for (int p = 0; p < PATIENTS; p++) {
      patients.append(Fhir.patient("p" + p, "1950-01-01", "female")).append('\n');
    }
    Map<ResourceType, InputStream> files = new EnumMap<>(ResourceType.class);
    files.put(ResourceType.Patient, Fhir.ndjson(patients.toString().strip()));
    files.put(ResourceType.Observation, new GeneratedObservations(targetChars));
    FhirImporter importer = new FhirImporter("probe", Clock.systemUTC(), new UcumUnitConverter());
    FhirImportSession session = importer.begin(task);
    for (var e : files.entrySet()) {
      session.addNdjson(e.getKey(), e.getKey().name() + ".ndjson", e.getValue());
    }
    ImportResult result = session.finish();
    System.out.println(
        "chars="
            + session.charactersRead()
            + " maxHeap="
            + Runtime.getRuntime().maxMemory()
            + " records="
            + result.records().size()
            + " rejections="
            + result.rejections().size()
            + " lines="
            + result.unitsRead());
  }

  /** NDJSON produced line by line as it is read. */
  static final class GeneratedObservations extends InputStream {
    private final long target;
    private long produced;
    private long line;
    private byte[] current = new byte[0];
    private int pos;

    GeneratedObservations(long target) {
      this.target = target;
    }

    private boolean refill() {
      if (produced >= target) {
        return false;
      }
      String day = LocalDate.of(2000, 1, 1).plusDays(line / PATIENTS).toString();
      String text =
          line % EVERY == 0
              ? Fhir.bloodPressure(
                  "bp" + line,
                  "p" + (line / EVERY) % PATIENTS,
                  LocalDate.of(1990, 1, 1).plusDays(line / EVERY) + "T10:00:00Z",
                  120 + line % 20,
                  80)
              : Fhir.lab("w" + line, "p" + line % PATIENTS, "29463-7", day + "T10:00:00Z", 70, "kg")
                  .replace(
                      "\"status\"",
                      "\"meta\":{\"profile\":[\"http://hl7.org/fhir/us/core/StructureDefinition/"
                          + "us-core-body-weight\"]},\"category\":[{\"coding\":[{\"system\":"
                          + "\"http://terminology.hl7.org/CodeSystem/observation-category\","
                          + "\"code\":\"vital-signs\",\"display\":\"Vital signs\"}]}],\"status\"");
      current = (text + "\n").getBytes(StandardCharsets.UTF_8);
      pos = 0;
      produced += current.length;
      line++;
      return true;
    }

    @Override
    public int read() {
      if (pos == current.length && !refill()) {
        return -1;
      }
      return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos == current.length && !refill()) {
        return -1;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
