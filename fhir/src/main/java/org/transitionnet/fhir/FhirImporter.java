package org.transitionnet.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ResourceType;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.InputLimits;

/**
 * Imports FHIR R4 data (Bulk Data NDJSON exports and Bundles) as transition records, by an {@link
 * ExtractionTask}. Streams: memory grows with the measurements and medication events the task
 * extracts, not with the size of the export.
 *
 * <p>Thread-safe and meant to be shared: it holds the (expensive) HAPI FHIR context; each import
 * gets its own parser.
 */
public final class FhirImporter {

  private final FhirContext fhir;
  private final UnitConverter units;
  private final Clock clock;
  private final String site;

  /** An importer for records of {@code site}, checking dates against the system clock. */
  public FhirImporter(String site) {
    this(site, Clock.systemUTC(), new UcumUnitConverter());
  }

  /**
   * @param site the site written into each record ({@code ""} when not known)
   * @param clock the import time: dates after it are rejected ({@code FUTURE_DATE})
   * @param units converts measured quantities to each variable's declared unit
   */
  public FhirImporter(String site, Clock clock, UnitConverter units) {
    this.fhir = FhirContext.forR4Cached();
    this.site = Objects.requireNonNull(site, "site");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.units = Objects.requireNonNull(units, "units");
  }

  /** Starts an import that is fed NDJSON files and Bundles one by one (e.g. as uploads arrive). */
  public FhirImportSession begin(ExtractionTask task) {
    return new FhirImportSession(fhir, Objects.requireNonNull(task, "task"), units, clock, site);
  }

  /**
   * Imports a Bulk Data export directory: every {@code <Type>.ndjson} or {@code <Type>.ndjson.gz}
   * (also {@code <Type>.<n>.ndjson[.gz]}) of the types an import reads (Patient, Condition,
   * Observation, MedicationRequest, MedicationAdministration); other files are ignored.
   */
  public ImportResult importBulkDirectory(Path dir, ExtractionTask task) {
    return importBulkDirectory(dir, task, InputLimits.NONE.begin());
  }

  /**
   * As {@link #importBulkDirectory(Path, ExtractionTask)}, within the input limits of one import:
   * each file's lines, and the bytes all files hold after decompression, and how far each gzip file
   * expands, are bounded.
   *
   * @throws org.transitionnet.importing.LimitExceededException at the first read beyond a limit;
   *     the import is then refused whole
   */
  public ImportResult importBulkDirectory(
      Path dir, ExtractionTask task, InputLimits.Budget budget) {
    Objects.requireNonNull(budget, "budget");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing.filter(Files::isRegularFile).forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    files.sort(
        Comparator.<Path>comparingInt(
                f -> typeOf(f).map(FhirImportSession.READ_TYPES::indexOf).orElse(-1))
            .thenComparing(f -> f.getFileName().toString()));
    FhirImportSession session = begin(task);
    for (Path f : files) {
      Optional<ResourceType> type = typeOf(f);
      if (type.isEmpty() || !FhirImportSession.READ_TYPES.contains(type.get())) {
        continue;
      }
      try (InputStream in = open(f, budget)) {
        session.addNdjson(type.get(), f.getFileName().toString(), in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return session.finish();
  }

  /**
   * Imports NDJSON streams, one per resource type (uncompressed UTF-8; not closed). Rejections name
   * the source {@code <Type>.ndjson}.
   */
  public ImportResult importNdjson(Map<ResourceType, InputStream> files, ExtractionTask task) {
    FhirImportSession session = begin(task);
    files.keySet().stream()
        .sorted(Comparator.comparingInt(FhirImporter::readOrder))
        .forEach(t -> session.addNdjson(t, t.name() + ".ndjson", files.get(t)));
    return session.finish();
  }

  /** Imports one Bundle (transaction, batch or collection); entries are located as entry N. */
  public ImportResult importBundle(InputStream bundle, ExtractionTask task) {
    FhirImportSession session = begin(task);
    session.addBundle("Bundle", bundle);
    return session.finish();
  }

  private static int readOrder(ResourceType t) {
    int i = FhirImportSession.READ_TYPES.indexOf(t);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /** The resource type a Bulk Data file holds, from its name. */
  static Optional<ResourceType> typeOf(Path file) {
    for (String part : file.getFileName().toString().split("\\.")) {
      for (ResourceType t : FhirImportSession.READ_TYPES) {
        if (t.name().equals(part)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  private static InputStream open(Path f, InputLimits.Budget budget) throws IOException {
    String name = f.getFileName().toString();
    InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
    try {
      InputStream text = name.endsWith(".gz") ? budget.gunzip(raw, name) : budget.plain(raw, name);
      return budget.lines(text, name);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
