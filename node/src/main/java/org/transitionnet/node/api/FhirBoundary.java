package org.transitionnet.node.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.transitionnet.fhir.ExtractionTask;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.node.api.DatasetBoundary.StoredReport;
import org.transitionnet.node.ingest.ImportMode;
import org.transitionnet.node.ingest.ImportReport;
import org.transitionnet.node.ingest.ImportService;
import org.transitionnet.node.ingest.RecordCheck;
import org.transitionnet.node.storage.DatasetDefinition;
import org.transitionnet.node.storage.TransitionStore;
import org.transitionnet.validation.DeclaredVariable;

/**
 * The transaction boundary of the FHIR endpoints: storing a task, and storing what one FHIR import
 * request made, each in one JTA transaction. The FHIR input is read before (outside) the
 * transaction, so a long parse does not hold database locks.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class FhirBoundary {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @Inject TransitionStore store;

  /**
   * Stores or replaces the extraction task of a dataset, creating the dataset. The task is kept
   * where a CSV dataset keeps its mapping: a dataset is fed by one or the other.
   */
  public DatasetDefinition putTask(String dataset, String taskJson, ExtractionTask task) {
    DatasetDefinition definition =
        new DatasetDefinition(
            dataset,
            taskJson,
            task.version(),
            task.catalog().all().stream().map(DeclaredVariable::name).toList(),
            Clock.systemUTC().instant());
    store.saveDataset(definition);
    return definition;
  }

  /**
   * Applies the node's import rules (idempotency by identity key, all-or-nothing mode) to the
   * records the FHIR importer made and keeps the report. The importer has validated every record
   * against the task's catalog, so no second check runs here.
   *
   * @param readMillis how long reading the FHIR input took (before this transaction); added to the
   *     report's duration, so it covers reading, checking and storing
   */
  public StoredReport store(
      String dataset, String source, ImportMode mode, ImportResult parsed, long readMillis) {
    ImportReport r =
        new ImportService(store, Clock.systemUTC())
            .importRecords(dataset, source, mode, parsed, RecordCheck.NONE);
    ImportReport report =
        new ImportReport(
            r.importId(),
            r.dataset(),
            r.source(),
            r.mode(),
            r.outcome(),
            r.startedAt(),
            r.durationMillis() + readMillis,
            r.rowsRead(),
            r.transitionsMade(),
            r.stored(),
            r.alreadyPresent(),
            r.rejected(),
            r.rejectedByReason(),
            r.dropped(),
            r.rejections());
    String json = JSONB.toJson(report);
    store.saveReport(report.importId(), report.dataset(), report.startedAt(), json);
    return new StoredReport(report, json);
  }
}
