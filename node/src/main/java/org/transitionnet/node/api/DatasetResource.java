package org.transitionnet.node.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.transitionnet.importing.InputLimits;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.node.api.DatasetBoundary.StoredReport;
import org.transitionnet.node.ingest.ImportMode;
import org.transitionnet.node.ingest.ImportOutcome;
import org.transitionnet.node.storage.DatasetDefinition;
import org.transitionnet.node.storage.DatasetSummary;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.TransitionRecordCodec;

/** Datasets, their mappings, imports and records: {@code /api/datasets}. */
@Path("/datasets")
@RolesAllowed(NodeRoles.DATA_STEWARD)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

  /** Records per page when {@code limit} is not given, and the most one page may hold. */
  static final int DEFAULT_LIMIT = 100;

  static final int MAX_LIMIT = 1000;

  /** The answer to an all-or-nothing import that was refused (RFC 9110). */
  static final int UNPROCESSABLE_CONTENT = 422;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  @Inject DatasetBoundary boundary;
  @Inject ImportMetrics metrics;
  @Inject ImportLimitSettings limits;
  @Context UriInfo uri;

  @GET
  @RolesAllowed({NodeRoles.DATA_STEWARD, NodeRoles.AUDITOR, NodeRoles.NODE_ADMIN})
  @Operation(summary = "Every dataset with its counts of records and imports")
  public String datasets() {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (DatasetSummary d : boundary.datasets()) {
      list.add(
          Json.createObjectBuilder()
              .add("name", d.name())
              .add("records", d.records())
              .add("imports", d.imports())
              .add("mappingVersion", d.mappingVersion())
              .add("updatedAt", d.updatedAt().toString()));
    }
    return Json.createObjectBuilder().add("datasets", list).build().toString();
  }

  @PUT
  @Path("{name}/mapping")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Store or replace the mapping a dataset's CSV files are imported with")
  public Response putMapping(@PathParam("name") String name, String mappingJson)
      throws MappingException {
    checkName(name);
    DatasetDefinition d = boundary.putMapping(name, mappingJson);
    JsonArrayBuilder variables = Json.createArrayBuilder();
    d.variables().forEach(variables::add);
    return Response.ok(
            Json.createObjectBuilder()
                .add("dataset", d.name())
                .add("mappingVersion", d.mappingVersion())
                .add("variables", variables)
                .build()
                .toString())
        .build();
  }

  @GET
  @Path("{name}/mapping")
  @Operation(summary = "The mapping in force for a dataset, as it was put")
  public String mapping(@PathParam("name") String name) {
    return definition(name).mappingJson();
  }

  @POST
  @Path("{name}/csv")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      summary = "Import a CSV file with the dataset's stored mapping",
      description =
          "One transaction per request. mode=partial (default) stores every valid record and lists"
              + " each rejected row; mode=all-or-nothing stores nothing if any row is rejected."
              + " Records the node already has are counted as already present, never duplicated.")
  public Response importCsv(
      @PathParam("name") String name,
      @Parameter(description = "partial (default) or all-or-nothing") @QueryParam("mode")
          String mode,
      @Parameter(description = "the file name shown in the report")
          @QueryParam("source")
          @DefaultValue("upload.csv")
          String source,
      InputStream csv)
      throws MappingException {
    checkName(name);
    ImportMode importMode = ImportMode.parse(mode);
    requireMapping(name);
    // Bounded while it is read, inside the import's transaction: a refusal rolls it back whole.
    InputLimits.Budget budget = limits.begin();
    InputStream bounded = budget.lines(budget.request(csv), source);
    return answer(boundary.importCsv(name, source, importMode, bounded, budget), "csv");
  }

  @POST
  @Path("{name}/records")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Import records in canonical JSON form: {\"records\": [...]}")
  public Response importRecords(
      @PathParam("name") String name,
      @QueryParam("mode") String mode,
      @QueryParam("source") @DefaultValue("request") String source,
      InputStream body)
      throws MappingException {
    checkName(name);
    ImportMode importMode = ImportMode.parse(mode);
    requireMapping(name);
    InputLimits.Budget budget = limits.begin();
    String json;
    try {
      json =
          body == null
              ? ""
              : new String(budget.request(body).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NodeProblemException(
          Response.Status.BAD_REQUEST,
          "the input could not be read",
          e.getMessage() + "; nothing was stored");
    }
    ParsedBatch batch = ParsedBatch.parse(json, source, budget);
    return answer(boundary.importRecords(name, source, importMode, batch), "json");
  }

  @GET
  @Path("{name}/records")
  @Operation(summary = "Stored records of a dataset in canonical JSON form, in storage order")
  public String records(
      @PathParam("name") String name,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("" + DEFAULT_LIMIT) int limit) {
    definition(name);
    if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "offset must be >= 0 and limit within 1.."
              + MAX_LIMIT
              + ", were "
              + offset
              + ", "
              + limit);
    }
    long total = boundary.count(name);
    List<TransitionRecord> page = boundary.page(name, offset, limit);
    JsonArrayBuilder records = Json.createArrayBuilder();
    for (TransitionRecord r : page) {
      try (JsonReader reader =
          Json.createReader(new StringReader(TransitionRecordCodec.toJson(r)))) {
        records.add(reader.readObject());
      }
    }
    return Json.createObjectBuilder()
        .add("dataset", name)
        .add("total", total)
        .add("offset", offset)
        .add("limit", limit)
        .add("records", records)
        .build()
        .toString();
  }

  @GET
  @Path("{name}/reports/{importId}")
  @RolesAllowed({NodeRoles.DATA_STEWARD, NodeRoles.AUDITOR})
  @Operation(summary = "The validation report of one import, as it was answered")
  public String report(@PathParam("name") String name, @PathParam("importId") String importId) {
    return boundary
        .report(name, importId)
        .orElseThrow(
            () ->
                new NodeProblemException(
                    Response.Status.NOT_FOUND,
                    "unknown import",
                    "dataset '" + name + "' has no import " + importId));
  }

  private Response answer(StoredReport stored, String kind) {
    metrics.record(stored.report(), kind);
    var location =
        uri.getBaseUriBuilder()
            .path("datasets/{name}/reports/{id}")
            .build(stored.report().dataset(), stored.report().importId());
    int status =
        stored.report().outcome() == ImportOutcome.REFUSED
            ? UNPROCESSABLE_CONTENT
            : Response.Status.CREATED.getStatusCode();
    return Response.status(status).location(location).entity(stored.json()).build();
  }

  /** Refuses an import into a dataset without mapping before any transaction starts. */
  private void requireMapping(String name) {
    if (boundary.dataset(name).isEmpty()) {
      throw new NodeProblemException(
          Response.Status.NOT_FOUND,
          "unknown dataset",
          "dataset '"
              + name
              + "' has no mapping yet: PUT /api/datasets/"
              + name
              + "/mapping first");
    }
  }

  private DatasetDefinition definition(String name) {
    return boundary
        .dataset(name)
        .orElseThrow(
            () ->
                new NodeProblemException(
                    Response.Status.NOT_FOUND,
                    "unknown dataset",
                    "the node has no dataset '" + name + "'"));
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
