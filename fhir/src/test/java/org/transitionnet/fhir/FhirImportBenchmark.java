package org.transitionnet.fhir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;

/**
 * Import throughput and peak heap for one site's export and one or more task files. Run with {@code
 * ./mvnw -q -B -pl fhir test-compile exec:exec -Dbench.site=site-c} (see {@code
 * docs/performance.md}); arguments: the export directory, then task files.
 */
public final class FhirImportBenchmark {

  private FhirImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: FhirImportBenchmark <export dir> <task.json>...");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long compressed = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (FhirImporter.typeOf(f).isPresent()) {
          compressed += Files.size(f);
        }
      }
    }
    FhirImporter importer = new FhirImporter(dir.getFileName().toString());
    System.out.printf(
        Locale.ROOT,
        "site %s, %.1f MB on disk, max heap %d MB, %d cores%n",
        dir.getFileName(),
        compressed / 1e6,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    for (int i = 1; i < args.length; i++) {
      ExtractionTask task = ExtractionTask.parse(Files.readString(Path.of(args[i])));
      for (int run = 0; run < 2; run++) { // the first run includes JIT and HAPI warm-up
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        FhirImportSession session = importer.begin(task);
        ImportResult result = importViaSession(dir, session);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu =
            (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%s run %d: %.1f s wall, %.1f s CPU, %.1f MB of NDJSON (%.1f MB/s per CPU second), "
                + "%d resources (%.0f/s per CPU second), "
                + "%d measurements + %d medication events kept, peak heap %d MB; "
                + "%d records, dropped %s, rejected %s%n",
            task.name(),
            run + 1,
            seconds,
            cpu,
            session.charactersRead() / 1e6,
            session.charactersRead() / 1e6 / cpu,
            result.unitsRead(),
            result.unitsRead() / cpu,
            session.measurementsExtracted(),
            session.medicationEventsExtracted(),
            peakHeap() >> 20,
            result.records().size(),
            new TreeMap<>(result.dropped()),
            new TreeMap<>(result.rejectedByReason()));
        if (run == 1) {
          result.rejections().stream()
              .limit(20)
              .map(Rejection::toString)
              .forEach(r -> System.out.println("  rejected: " + r));
        }
      }
    }
  }

  private static ImportResult importViaSession(Path dir, FhirImportSession session)
      throws Exception {
    // The same files, order and decompression as FhirImporter.importBulkDirectory.
    Map<String, Path> ordered = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f ->
              FhirImporter.typeOf(f)
                  .ifPresent(
                      t ->
                          ordered.put(
                              FhirImportSession.READ_TYPES.indexOf(t) + f.getFileName().toString(),
                              f)));
    }
    for (Path f : ordered.values()) {
      try (var raw = Files.newInputStream(f);
          var in =
              f.toString().endsWith(".gz")
                  ? new java.util.zip.GZIPInputStream(raw, 1 << 16)
                  : new java.io.BufferedInputStream(raw, 1 << 16)) {
        session.addNdjson(FhirImporter.typeOf(f).orElseThrow(), f.getFileName().toString(), in);
      }
    }
    return session.finish();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peak usage since the last reset (an upper bound of the live peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
