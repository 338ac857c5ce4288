package org.transitionnet.coordinator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.transitionnet.coordinator.jobs.FederationRuntime;
import org.transitionnet.coordinator.persistence.JpaLeaderboards;
import org.transitionnet.coordinator.persistence.StoredLeaderboard;
import org.transitionnet.federation.store.JobRecord;
import org.transitionnet.leaderboard.TaskLeaderboard;

/** Tasks and their leaderboards: every evaluated job of a task in one §8 document. */
@Path("/tasks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basic")
public class TasksResource {

  @Inject FederationRuntime runtime;
  @Inject JpaLeaderboards leaderboards;

  /**
   * A task as listed.
   *
   * @param task the task id
   * @param jobs the researchers' jobs of the task (protocol sub-jobs not counted), in id order
   * @param evaluated those whose leaderboard is complete (they make the task's leaderboard)
   */
  public record TaskView(String task, List<String> jobs, List<String> evaluated) {}

  @GET
  @RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR})
  @Operation(summary = "Every task with jobs, its jobs and which of them are evaluated")
  public List<TaskView> list() {
    Map<String, List<String>> byTask = new TreeMap<>();
    for (JobRecord job : runtime.store().jobs().all()) {
      if (job.subJob() == null) {
        byTask.computeIfAbsent(job.spec().task(), t -> new ArrayList<>()).add(job.spec().jobId());
      }
    }
    List<TaskView> tasks = new ArrayList<>();
    byTask.forEach(
        (task, jobs) ->
            tasks.add(
                new TaskView(
                    task, jobs, jobs.stream().filter(id -> completed(id).isPresent()).toList())));
    return tasks;
  }

  @GET
  @Path("/{task}/leaderboard")
  @RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR})
  @Operation(
      summary = "The task's leaderboard: every evaluated job's methods in one §8 document",
      description =
          "Each method carries the extra key job; settings.jobs names each job's seed (hence its"
              + " test splits), k, protocol, strategy and rounds; cross_site_by_job holds the"
              + " jobs' cross-site matrices. Nothing is recomputed.")
  public Response leaderboard(@PathParam("task") String task) {
    Map<String, String> documents = new LinkedHashMap<>();
    boolean any = false;
    for (JobRecord job : runtime.store().jobs().all()) {
      if (job.subJob() != null || !job.spec().task().equals(task)) {
        continue;
      }
      any = true;
      completed(job.spec().jobId()).ifPresent(d -> documents.put(job.spec().jobId(), d));
    }
    if (!any) {
      throw ApiError.of(Response.Status.NOT_FOUND, "task", "no job of task " + task);
    }
    String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      return Response.ok(TaskLeaderboard.merge(task, created, documents)).build();
    } catch (IllegalArgumentException e) {
      throw ApiError.of(Response.Status.INTERNAL_SERVER_ERROR, "task", e.getMessage());
    }
  }

  private Optional<String> completed(String jobId) {
    return leaderboards.find(jobId).flatMap(StoredLeaderboard::completedDocument);
  }
}
