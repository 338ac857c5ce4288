package org.transitionnet.node.api;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.transitionnet.fhir.InvalidTaskException;

/** Turns the FHIR importer's typed failures into problem JSON. */
public final class FhirProblemMappers {

  private FhirProblemMappers() {}

  /** A task file that does not parse or contradicts itself: names the JSON field at fault. */
  @Provider
  public static class TaskProblems implements ExceptionMapper<InvalidTaskException> {
    @Override
    public Response toResponse(InvalidTaskException e) {
      return Problem.response(
          Response.Status.BAD_REQUEST,
          "invalid FHIR extraction task",
          e.getMessage(),
          Json.createObjectBuilder().add("field", e.field()));
    }
  }
}
