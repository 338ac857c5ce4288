package org.transitionnet.node.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.InputLimits;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.node.ingest.ImportMode;
import org.transitionnet.node.ingest.ImportReport;
import org.transitionnet.node.ingest.ImportService;
import org.transitionnet.node.ingest.RecordCheck;
import org.transitionnet.node.storage.DatasetDefinition;
import org.transitionnet.node.storage.DatasetSummary;
import org.transitionnet.node.storage.TransitionStore;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.validation.DeclaredVariable;
import org.transitionnet.validation.RecordValidator;

/**
 * The transaction boundary of the REST API: each method is one JTA transaction, so an import either
 * commits whole or leaves the database as it was.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class DatasetBoundary {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @Inject TransitionStore store;

  /** Stores or replaces the mapping of a dataset, creating the dataset. */
  public DatasetDefinition putMapping(String dataset, String mappingJson) throws MappingException {
    Mapping mapping = Mapping.parse(mappingJson);
    DatasetDefinition definition =
        new DatasetDefinition(
            dataset,
            mappingJson,
            mapping.version(),
            mapping.variables().all().stream().map(DeclaredVariable::name).toList(),
            Clock.systemUTC().instant());
    store.saveDataset(definition);
    return definition;
  }

  /**
   * Imports a CSV file with the dataset's stored mapping. The importer validates every record it
   * makes against the mapping's variables, so no second check runs here.
   *
   * @param csv the file, bounded by {@code budget} as it is read: a limit exceeded while reading
   *     throws {@link org.transitionnet.importing.LimitExceededException} before anything is
   *     written, and the transaction rolls back
   * @param budget the import's input limits; its record count is checked before storing
   */
  public StoredReport importCsv(
      String dataset, String source, ImportMode mode, InputStream csv, InputLimits.Budget budget)
      throws MappingException {
    Mapping mapping = mapping(dataset);
    ImportResult parsed = new CsvImporter(mapping).read(csv, source);
    budget.records(parsed.records().size());
    ImportReport report = service().importRecords(dataset, source, mode, parsed, RecordCheck.NONE);
    return keep(report);
  }

  /** Imports canonical JSON records, validated against the dataset's declared variables. */
  public StoredReport importRecords(
      String dataset, String source, ImportMode mode, ParsedBatch batch) throws MappingException {
    Mapping mapping = mapping(dataset);
    ImportReport report =
        service()
            .importRecords(
                dataset,
                source,
                mode,
                batch.result(),
                RecordCheck.of(new RecordValidator(mapping.variables())),
                batch.locations());
    return keep(report);
  }

  public List<DatasetSummary> datasets() {
    return store.datasets();
  }

  public Optional<DatasetDefinition> dataset(String name) {
    return store.dataset(name);
  }

  public long count(String dataset) {
    return store.count(dataset);
  }

  public List<TransitionRecord> page(String dataset, int offset, int limit) {
    return store.page(dataset, offset, limit);
  }

  public Optional<String> report(String dataset, String importId) {
    return store.report(dataset, importId);
  }

  private Mapping mapping(String dataset) throws MappingException {
    DatasetDefinition definition =
        store
            .dataset(dataset)
            .orElseThrow(
                () ->
                    new NodeProblemException(
                        Response.Status.NOT_FOUND,
                        "unknown dataset",
                        "dataset '"
                            + dataset
                            + "' has no mapping yet: PUT /api/datasets/"
                            + dataset
                            + "/mapping first"));
    return Mapping.parse(definition.mappingJson());
  }

  private ImportService service() {
    return new ImportService(store, Clock.systemUTC());
  }

  private StoredReport keep(ImportReport report) {
    String json = JSONB.toJson(report);
    store.saveReport(report.importId(), report.dataset(), report.startedAt(), json);
    return new StoredReport(report, json);
  }

  /** A report and the JSON it was kept as. */
  public record StoredReport(ImportReport report, String json) {}
}
