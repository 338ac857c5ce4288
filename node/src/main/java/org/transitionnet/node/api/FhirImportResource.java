package org.transitionnet.node.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.hl7.fhir.r4.model.ResourceType;
import org.transitionnet.fhir.ExtractionTask;
import org.transitionnet.fhir.FhirImportSession;
import org.transitionnet.fhir.InvalidTaskException;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.InputLimits;
import org.transitionnet.node.api.DatasetBoundary.StoredReport;
import org.transitionnet.node.ingest.ImportMode;
import org.transitionnet.node.ingest.ImportOutcome;
import org.transitionnet.node.storage.DatasetDefinition;

/**
 * FHIR R4 imports of a dataset: its extraction task, Bundles, NDJSON uploads and server-side Bulk
 * Data export directories. The same rules as CSV imports: one transaction per request, {@code
 * mode=partial|all-or-nothing}, records the node already has counted as already present, the report
 * kept under {@code /api/datasets/{name}/reports/{importId}}.
 */
@Path("/datasets")
@RolesAllowed(NodeRoles.DATA_STEWARD)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FhirImportResource {

  static final String FHIR_JSON = "application/fhir+json";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  @Inject FhirBoundary fhirBoundary;
  @Inject DatasetBoundary datasets;
  @Inject FhirImports imports;
  @Inject ImportMetrics metrics;
  @Inject ImportLimitSettings limits;
  @Context UriInfo uri;

  @PUT
  @Path("{name}/fhir-task")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Store or replace the FHIR extraction task a dataset's FHIR data is imported with",
      description =
          "The task (tasks/fhir/*.json) is kept where a CSV dataset keeps its mapping: a dataset is"
              + " fed either by a CSV mapping or by a FHIR task; putting one replaces the other.")
  public Response putTask(@PathParam("name") String name, String taskJson) {
    checkName(name);
    ExtractionTask task = ExtractionTask.parse(taskJson == null ? "" : taskJson);
    DatasetDefinition d = fhirBoundary.putTask(name, taskJson, task);
    JsonArrayBuilder variables = Json.createArrayBuilder();
    d.variables().forEach(variables::add);
    return Response.ok(
            Json.createObjectBuilder()
                .add("dataset", d.name())
                .add("task", task.name())
                .add("mode", task.mode().name().toLowerCase(Locale.ROOT))
                .add("taskVersion", d.mappingVersion())
                .add("variables", variables)
                .build()
                .toString())
        .build();
  }

  @GET
  @Path("{name}/fhir-task")
  @Operation(summary = "The FHIR extraction task in force for a dataset, as it was put")
  public String task(@PathParam("name") String name) {
    checkName(name);
    return storedTask(name).json();
  }

  @POST
  @Path("{name}/fhir/bundle")
  @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Import one FHIR R4 Bundle (transaction, batch or collection) with the stored task",
      description =
          "Rejections name the entry (entry N, 1-based). A Bundle is parsed whole: send exports as"
              + " NDJSON.")
  public Response importBundle(
      @PathParam("name") String name,
      @Parameter(description = "partial (default) or all-or-nothing") @QueryParam("mode")
          String mode,
      @Parameter(description = "the name shown in the report and rejections")
          @QueryParam("source")
          @DefaultValue("bundle.json")
          String source,
      InputStream body) {
    checkName(name);
    ImportMode importMode = ImportMode.parse(mode);
    ExtractionTask task = storedTask(name).task();
    long started = System.nanoTime();
    InputLimits.Budget budget = limits.begin();
    FhirImportSession session = imports.importer().begin(task);
    // A Bundle is parsed whole: its bytes are bounded as they are read, before the parse.
    read(() -> session.addBundle(source, budget.request(body)));
    return store(name, source, importMode, session.finish(), started, budget);
  }

  @POST
  @Path("{name}/fhir/ndjson")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary = "Import Bulk Data NDJSON files uploaded together, one form part per file",
      description =
          "Each part is named after the resource type it holds (curl -F"
              + " Patient=@Patient.ndjson.gz -F Observation=@Observation.ndjson.gz ...); when the"
              + " name is not a type, the file name's first type-named segment is used. gzip is"
              + " recognised by its magic bytes. All parts are one import: one derivation, one"
              + " transaction, one report; rejections name the file and line.")
  public Response importNdjson(
      @PathParam("name") String name,
      @Parameter(description = "partial (default) or all-or-nothing") @QueryParam("mode")
          String mode,
      @Parameter(description = "the name shown in the report")
          @QueryParam("source")
          @DefaultValue("ndjson upload")
          String source,
      List<EntityPart> parts) {
    checkName(name);
    ImportMode importMode = ImportMode.parse(mode);
    ExtractionTask task = storedTask(name).task();
    if (parts == null || parts.isEmpty()) {
      throw new NodeProblemException(
          Response.Status.BAD_REQUEST,
          "no NDJSON files",
          "send one form part per file: curl -F Patient=@Patient.ndjson.gz -F"
              + " Observation=@Observation.ndjson.gz ...");
    }
    long started = System.nanoTime();
    // All parts are one import: request bytes and decompressed bytes count over all of them.
    InputLimits.Budget budget = limits.begin();
    FhirImportSession session = imports.importer().begin(task);
    for (EntityPart part : parts) {
      ResourceType type = typeOf(part);
      String file = part.getFileName().orElse(type.name() + ".ndjson");
      read(
          () -> {
            try (InputStream in =
                budget.lines(budget.maybeGunzip(budget.request(part.getContent()), file), file)) {
              session.addNdjson(type, file, in);
            } catch (IOException e) {
              throw new UncheckedIOException("reading part '" + part.getName() + "'", e);
            }
          });
    }
    return store(name, source, importMode, session.finish(), started, budget);
  }

  @POST
  @Path("{name}/fhir/bulk-directory")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Import a Bulk Data export directory on the server: {\"path\": \"site-a\"}",
      description =
          "The path is relative to the setting fhir.import.root (default"
              + " ${server.output.dir}/imports) or absolute below it; a path outside it is refused"
              + " (403). Reads <Type>[.n].ndjson[.gz] of Patient, Condition, Observation,"
              + " MedicationRequest, MedicationAdministration.")
  public Response importBulkDirectory(
      @PathParam("name") String name,
      @Parameter(description = "partial (default) or all-or-nothing") @QueryParam("mode")
          String mode,
      String body) {
    checkName(name);
    ImportMode importMode = ImportMode.parse(mode);
    String requested = pathOf(body);
    java.nio.file.Path dir = imports.root().resolve(requested);
    ExtractionTask task = storedTask(name).task();
    long started = System.nanoTime();
    ImportResult[] parsed = new ImportResult[1];
    InputLimits.Budget budget = limits.begin();
    read(() -> parsed[0] = imports.importer().importBulkDirectory(dir, task, budget));
    return store(name, requested, importMode, parsed[0], started, budget);
  }

  /**
   * Stores what was read since {@code startedNanos} in one transaction and answers the report. The
   * input was read, and bounded by {@code budget}, before: an import beyond a limit never gets
   * here.
   */
  private Response store(
      String name,
      String source,
      ImportMode mode,
      ImportResult parsed,
      long startedNanos,
      InputLimits.Budget budget) {
    budget.records(parsed.records().size());
    long readMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    StoredReport stored = fhirBoundary.store(name, source, mode, parsed, readMillis);
    metrics.record(stored.report(), "fhir");
    var location =
        uri.getBaseUriBuilder()
            .path("datasets/{name}/reports/{id}")
            .build(stored.report().dataset(), stored.report().importId());
    int status =
        stored.report().outcome() == ImportOutcome.REFUSED
            ? DatasetResource.UNPROCESSABLE_CONTENT
            : Response.Status.CREATED.getStatusCode();
    return Response.status(status).location(location).entity(stored.json()).build();
  }

  /** The dataset's task; refuses a dataset without one before any input is read. */
  private StoredTask storedTask(String name) {
    DatasetDefinition d =
        datasets
            .dataset(name)
            .orElseThrow(
                () ->
                    new NodeProblemException(
                        Response.Status.NOT_FOUND,
                        "unknown dataset",
                        "dataset '"
                            + name
                            + "' has no FHIR task yet: PUT /api/datasets/"
                            + name
                            + "/fhir-task first"));
    try {
      return new StoredTask(d.mappingJson(), ExtractionTask.parse(d.mappingJson()));
    } catch (InvalidTaskException e) {
      throw new NodeProblemException(
          Response.Status.CONFLICT,
          "dataset fed by a CSV mapping",
          "dataset '"
              + name
              + "' has a CSV mapping, not a FHIR task; import FHIR data into another dataset, or"
              + " PUT /api/datasets/"
              + name
              + "/fhir-task to replace the mapping");
    }
  }

  private record StoredTask(String json, ExtractionTask task) {}

  /** Runs a read of the request's input; a stream that breaks off is the client's fault. */
  private static void read(Runnable reading) {
    try {
      reading.run();
    } catch (UncheckedIOException e) {
      throw new NodeProblemException(
          Response.Status.BAD_REQUEST,
          "the input could not be read",
          e.getMessage()
              + (e.getCause() == null ? "" : ": " + e.getCause().getMessage())
              + "; nothing was stored");
    }
  }

  private static ResourceType typeOf(EntityPart part) {
    Optional<ResourceType> type = type(part.getName());
    if (type.isEmpty() && part.getFileName().isPresent()) {
      for (String segment : part.getFileName().get().split("\\.")) {
        type = type(segment);
        if (type.isPresent()) {
          break;
        }
      }
    }
    return type.orElseThrow(
        () ->
            new NodeProblemException(
                Response.Status.BAD_REQUEST,
                "unknown resource type",
                "form part '"
                    + part.getName()
                    + "'"
                    + part.getFileName().map(f -> " (file '" + f + "')").orElse("")
                    + " names no FHIR resource type; name each part after its type, e.g. -F"
                    + " Observation=@Observation.ndjson.gz"));
  }

  private static Optional<ResourceType> type(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ResourceType.fromCode(name.trim()));
    } catch (Exception e) { // HAPI throws FHIRException for an unknown code
      return Optional.empty();
    }
  }

  private static String pathOf(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
      JsonObject object = reader.readObject();
      JsonValue path = object.get("path");
      if (path instanceof JsonString s) {
        return s.getString();
      }
    } catch (JsonException | IllegalStateException e) {
      // answered below
    }
    throw new NodeProblemException(
        Response.Status.BAD_REQUEST,
        "no export directory",
        "send {\"path\": \"<directory below the import root>\"}");
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new NodeProblemException(
          Response.Status.BAD_REQUEST,
          "bad dataset name",
          "a dataset name is 1-200 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit; was '"
              + name
              + "'");
    }
  }
}
