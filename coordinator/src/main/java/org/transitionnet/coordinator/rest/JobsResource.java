package org.transitionnet.coordinator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.transitionnet.coordinator.enrollment.ConsortiumRegistrar;
import org.transitionnet.coordinator.jobs.FederationRuntime;
import org.transitionnet.coordinator.jobs.InitialModels;
import org.transitionnet.coordinator.jobs.JobEvaluations;
import org.transitionnet.coordinator.jobs.JobPrivacy;
import org.transitionnet.coordinator.jobs.LeaderboardSource;
import org.transitionnet.coordinator.jobs.UnknownModelException;
import org.transitionnet.federation.job.DifferentialPrivacy;
import org.transitionnet.federation.job.EvaluationProtocol;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;

/** Jobs: submit, watch (rounds, sites reported, loss), resume, models, leaderboard. */
@Path("/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basic")
public class JobsResource {

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  @Inject FederationRuntime runtime;
  @Inject ConsortiumRegistrar registrar;
  @Inject InitialModels models;
  @Inject LeaderboardSource leaderboards;
  @Inject JobEvaluations evaluations;

  @Context SecurityContext security;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.RESEARCHER)
  @Operation(
      summary = "Submit a federated training job",
      description =
          "Stores the job with its seeded initial model, offers it to the connected sites and"
              + " runs its rounds in the background.")
  public Response submit(JobRequest request) {
    if (request == null) {
      throw ApiError.of(Response.Status.BAD_REQUEST, null, "a JSON job request is required");
    }
    JobSpec spec = toSpec(request, 1);
    double[] initial;
    try {
      initial = models.initialParameters(spec.task(), spec.modelSpec(), spec.seed());
    } catch (UnknownModelException e) {
      throw ApiError.of(Response.Status.BAD_REQUEST, e.field(), e.getMessage());
    }
    spec =
        toSpec(request, initial.length)
            .withOrigin(registrar.consortium(), researcher(), spec.task());
    if (runtime.store().jobs().find(spec.jobId()).isPresent()) {
      throw ApiError.of(Response.Status.CONFLICT, "jobId", "job " + spec.jobId() + " exists");
    }
    JobRecord record = runtime.submit(spec, protocol(request), initial);
    return Response.status(Response.Status.CREATED)
        .entity(view(record))
        .header("Location", "/api/jobs/" + spec.jobId())
        .build();
  }

  @GET
  @RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR})
  public List<JobView> list() {
    return runtime.store().jobs().all().stream().map(this::view).toList();
  }

  @GET
  @Path("/{jobId}")
  @RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR})
  @Operation(summary = "A job with every recorded round: sites reported, samples, loss")
  public JobView get(@PathParam("jobId") String jobId) {
    return view(job(jobId));
  }

  @POST
  @Path("/{jobId}/resume")
  @RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR})
  @Operation(summary = "Run a failed job again from its last completed round")
  public JobView resume(@PathParam("jobId") String jobId) {
    JobRecord job = job(jobId);
    if (job.subJob() != null) {
      throw ApiError.of(
          Response.Status.CONFLICT,
          "jobId",
          "job "
              + jobId
              + " trains "
              + job.subJob().method()
              + " for job "
              + job.subJob().parentJobId()
              + ", which drives it; resume that job");
    }
    runtime.resume(jobId);
    return get(jobId);
  }

  @GET
  @Path("/{jobId}/models/{version}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed(Roles.RESEARCHER)
  @Operation(
      summary = "Download a model version as little-endian float64 values",
      description = "Version 0 is the initial model; version r is what round r produced.")
  public Response model(@PathParam("jobId") String jobId, @PathParam("version") int version) {
    ModelVersion model = modelVersion(jobId, version);
    double[] values = model.parameters();
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    return Response.ok(bytes.array())
        .header("X-Parameter-Count", values.length)
        .header("X-Model-Version", model.version())
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + jobId + "-v" + model.version() + ".f64\"")
        .build();
  }

  @GET
  @Path("/{jobId}/models/{version}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.RESEARCHER)
  public ModelView modelJson(@PathParam("jobId") String jobId, @PathParam("version") int version) {
    ModelVersion model = modelVersion(jobId, version);
    return new ModelView(
        jobId, model.version(), model.parameters().length, model.created(), model.parameters());
  }

  @GET
  @Path("/{jobId}/leaderboard")
  @RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR})
  @Operation(
      summary = "The job's leaderboard in the §8 leaderboard.json format",
      description =
          "Evaluated at the sites once the job's rounds are done (baselines and the final model,"
              + " pooled from the sites' sufficient statistics; with protocol full also"
              + " local:<site>, loso:<site> and the cross_site matrix). Until then it has no"
              + " methods and says evaluation pending, running (evaluation_progress) or failed.")
  public JsonObject leaderboard(@PathParam("jobId") String jobId) {
    JobRecord job = job(jobId);
    return leaderboards.leaderboard(job, runtime.store().rounds().rounds(jobId));
  }

  /**
   * A model version as JSON.
   *
   * @param jobId the job
   * @param version the version
   * @param parameterCount number of values
   * @param created when it was stored
   * @param parameters the flat parameter vector
   */
  public record ModelView(
      String jobId,
      int version,
      int parameterCount,
      java.time.Instant created,
      double[] parameters) {}

  private ModelVersion modelVersion(String jobId, int version) {
    job(jobId);
    return runtime
        .store()
        .rounds()
        .model(jobId, version)
        .orElseThrow(
            () ->
                ApiError.of(
                    Response.Status.NOT_FOUND,
                    "version",
                    "job " + jobId + " has no model version " + version));
  }

  private JobRecord job(String jobId) {
    return runtime
        .store()
        .jobs()
        .find(jobId)
        .orElseThrow(() -> ApiError.of(Response.Status.NOT_FOUND, "jobId", "no job " + jobId));
  }

  private JobView view(JobRecord job) {
    List<RoundRecord> rounds = runtime.store().rounds().rounds(job.spec().jobId());
    String evaluation =
        job.subJob() == null
            ? evaluations.status(job.spec().jobId())
            : "in the leaderboard of job "
                + job.subJob().parentJobId()
                + " as "
                + job.subJob().method();
    return JobView.of(job, rounds, runtime.isActive(job.spec().jobId()), evaluation);
  }

  private String researcher() {
    return security.getUserPrincipal() == null
        ? "anonymous"
        : security.getUserPrincipal().getName();
  }

  private static JobSpec toSpec(JobRequest r, int parameterCount) {
    String jobId =
        r.jobId() == null ? "job-" + UUID.randomUUID().toString().substring(0, 8) : r.jobId();
    if (!JOB_ID.matcher(jobId).matches()) {
      throw ApiError.of(
          Response.Status.BAD_REQUEST, "jobId", "letters, digits, '.', '_' and '-', at most 128");
    }
    if (r.task() == null || r.task().isBlank()) {
      throw ApiError.of(Response.Status.BAD_REQUEST, "task", "a task id is required");
    }
    if (r.modelSpec() == null || r.modelSpec().isBlank()) {
      throw ApiError.of(Response.Status.BAD_REQUEST, "modelSpec", "a model spec is required");
    }
    StrategyKind strategy;
    try {
      strategy = r.strategy() == null ? StrategyKind.FEDAVG : StrategyKind.parse(r.strategy());
    } catch (IllegalArgumentException e) {
      throw ApiError.of(Response.Status.BAD_REQUEST, "strategy", e.getMessage());
    }
    try {
      return new JobSpec(
          jobId,
          "pending",
          "pending",
          r.task(),
          r.modelSpec(),
          strategy,
          orElse(r.rounds(), 10),
          orElse(r.localSteps(), 20),
          orElse(r.learningRate(), 0.003),
          orElse(r.proximalMu(), strategy == StrategyKind.FEDPROX ? 0.01 : 0.0),
          orElse(r.serverLearningRate(), strategy == StrategyKind.FEDADAM ? 0.01 : 0.0),
          orElse(r.minSites(), 2),
          Duration.ofSeconds(orElse(r.roundTimeoutSeconds(), 300L)),
          orElse(r.secureAggregation(), false),
          orElse(r.seed(), 42L),
          parameterCount,
          privacy(r));
    } catch (IllegalArgumentException e) {
      throw ApiError.of(Response.Status.BAD_REQUEST, null, e.getMessage());
    }
  }

  /** The request's protocol; a 400 naming the field for an unknown one. */
  private static EvaluationProtocol protocol(JobRequest r) {
    if (r.protocol() == null) {
      return EvaluationProtocol.FEDERATED;
    }
    try {
      return EvaluationProtocol.parse(r.protocol());
    } catch (IllegalArgumentException e) {
      throw ApiError.of(Response.Status.BAD_REQUEST, "protocol", e.getMessage());
    }
  }

  /** The request's DP settings; a 400 naming the field for an invalid value. */
  private static DifferentialPrivacy privacy(JobRequest r) {
    try {
      return JobPrivacy.parse(
          r.dpLevel(),
          r.dpEpsilon(),
          r.dpDelta(),
          r.dpClipNorm(),
          orElse(r.secureAggregation(), false),
          orElse(r.rounds(), 10));
    } catch (JobPrivacy.InvalidSettingException e) {
      throw ApiError.of(Response.Status.BAD_REQUEST, e.field(), e.getMessage());
    }
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
