package org.transitionnet.node.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.node.storage.KeyedRecord;
import org.transitionnet.node.storage.TransitionStore;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.validation.ValidatedRecord;

/**
 * Applies the node's import rules to what an importer made of one request:
 *
 * <ul>
 *   <li>every record is checked; a refused one is listed with its place, field and reason;
 *   <li>a record the node already has (same {@link TransitionRecord#identityKey()}, also twice
 *       within one request) is counted as already present and not stored again, so re-importing a
 *       file adds nothing;
 *   <li>in {@link ImportMode#ALL_OR_NOTHING} mode one refusal means nothing is stored;
 *   <li>records are stamped with the node's dataset name and the import time before storage.
 * </ul>
 *
 * <p>It does not open transactions: the caller runs one call in one transaction, so a request that
 * fails halfway leaves the store as it was.
 */
public final class ImportService {

  private final TransitionStore store;
  private final Clock clock;
  private final Supplier<String> importIds;

  public ImportService(TransitionStore store, Clock clock, Supplier<String> importIds) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.importIds = Objects.requireNonNull(importIds, "importIds");
  }

  public ImportService(TransitionStore store, Clock clock) {
    this(store, clock, () -> UUID.randomUUID().toString());
  }

  /**
   * Checks and stores the records of one request.
   *
   * @param dataset the node's dataset the records go to
   * @param source the file name or request, for the report
   * @param mode whether one refusal refuses the whole request
   * @param parsed what the importer made of the input: records and the rows it refused
   * @param check applied to every record {@code parsed} holds
   * @return the report of the import; the caller keeps it
   * @throws org.transitionnet.node.storage.StorageException when the store fails; the caller's
   *     transaction must then roll back
   */
  public ImportReport importRecords(
      String dataset, String source, ImportMode mode, ImportResult parsed, RecordCheck check) {
    List<String> locations = new ArrayList<>();
    for (int i = 0; i < parsed.records().size(); i++) {
      locations.add(locationOf(parsed.records().get(i), i));
    }
    return importRecords(dataset, source, mode, parsed, check, locations);
  }

  /**
   * As {@link #importRecords(String, String, ImportMode, ImportResult, RecordCheck)}, with the
   * place each record came from given by the caller (e.g. {@code record 3} of a JSON batch).
   *
   * @param locations one per record of {@code parsed}, in the same order
   */
  public ImportReport importRecords(
      String dataset,
      String source,
      ImportMode mode,
      ImportResult parsed,
      RecordCheck check,
      List<String> locations) {
    if (locations.size() != parsed.records().size()) {
      throw new IllegalArgumentException(
          locations.size() + " locations for " + parsed.records().size() + " records");
    }
    long started = System.nanoTime();
    Instant now = clock.instant();
    String importId = importIds.get();

    List<Rejection> rejections = new ArrayList<>(parsed.rejections());
    Map<String, TransitionRecord> valid = new LinkedHashMap<>();
    long duplicatesInRequest = 0;
    List<TransitionRecord> records = parsed.records();
    for (int i = 0; i < records.size(); i++) {
      ValidatedRecord checked = check.check(records.get(i), source, locations.get(i));
      if (!checked.isValid()) {
        rejections.addAll(checked.rejections());
        continue;
      }
      TransitionRecord record = stamp(checked.normalized(), dataset, now);
      if (valid.putIfAbsent(record.identityKey(), record) != null) {
        duplicatesInRequest++;
      }
    }

    Set<String> present = store.presentKeys(valid.keySet());
    List<KeyedRecord> fresh = new ArrayList<>();
    valid.forEach(
        (key, record) -> {
          if (!present.contains(key)) {
            fresh.add(new KeyedRecord(key, record));
          }
        });

    ImportOutcome outcome;
    if (rejections.isEmpty()) {
      outcome = ImportOutcome.STORED;
    } else if (mode == ImportMode.ALL_OR_NOTHING) {
      outcome = ImportOutcome.REFUSED;
    } else {
      outcome = ImportOutcome.STORED_WITH_REJECTIONS;
    }
    long stored = 0;
    if (outcome != ImportOutcome.REFUSED && !fresh.isEmpty()) {
      store.storeAll(dataset, importId, now, fresh);
      stored = fresh.size();
    }

    Map<String, Long> byReason = new TreeMap<>();
    rejections.forEach(r -> byReason.merge(r.reason().name(), 1L, Long::sum));
    Map<String, Long> dropped = new TreeMap<>();
    parsed.dropped().forEach((reason, n) -> dropped.put(reason.name(), n));

    return new ImportReport(
        importId,
        dataset,
        source,
        mode.label(),
        outcome,
        now,
        (System.nanoTime() - started) / 1_000_000,
        parsed.unitsRead(),
        valid.size() + duplicatesInRequest,
        stored,
        valid.size() - fresh.size() + duplicatesInRequest,
        rejections.size(),
        byReason,
        dropped,
        rejections.stream().map(RejectedRow::of).toList());
  }

  /** The record as the node keeps it: its dataset is the node's, imported now. */
  static TransitionRecord stamp(TransitionRecord r, String dataset, Instant importedAt) {
    Provenance p = r.provenance();
    return new TransitionRecord(
        r.subject(),
        r.site(),
        r.baseline(),
        r.context(),
        r.actions(),
        r.followUp(),
        r.intervalDays(),
        r.evidenceChain(),
        new Provenance(dataset, p.sourceIds(), importedAt, p.mappingVersion()));
  }

  private static String locationOf(TransitionRecord r, int index) {
    List<String> ids = r.provenance().sourceIds();
    return ids.isEmpty() ? "record " + (index + 1) : String.join(", ", ids);
  }
}
