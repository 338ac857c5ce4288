package org.transitionnet.node.api;

import jakarta.json.Json;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.transitionnet.importing.InputLimits;
import org.transitionnet.importing.LimitExceededException;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.node.storage.StorageException;

/** Turns the node's typed failures into problem JSON. */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  /** A refused request. */
  @Provider
  public static class NodeProblems implements ExceptionMapper<NodeProblemException> {
    @Override
    public Response toResponse(NodeProblemException e) {
      return e.toResponse();
    }
  }

  /** A mapping file that does not parse or contradicts itself. */
  @Provider
  public static class MappingProblems implements ExceptionMapper<MappingException> {
    @Override
    public Response toResponse(MappingException e) {
      return Problem.response(
          Response.Status.BAD_REQUEST,
          e.column() == null ? "invalid mapping" : "the CSV file does not fit the mapping",
          e.getMessage(),
          Json.createObjectBuilder()
              .add("path", e.path() == null ? "" : e.path())
              .add("column", e.column() == null ? "" : e.column()));
    }
  }

  /**
   * An import beyond one of the node's input limits ({@link ImportLimitSettings}): refused whole,
   * 413 for a size or a count, 400 for an over-long line; title and detail name the setting.
   */
  @Provider
  public static class LimitProblems implements ExceptionMapper<LimitExceededException> {
    @Override
    public Response toResponse(LimitExceededException e) {
      Response.Status status =
          e.limit() == InputLimits.Limit.LINE_BYTES
              ? Response.Status.BAD_REQUEST
              : Response.Status.REQUEST_ENTITY_TOO_LARGE;
      return Problem.response(
          status,
          "the import exceeds " + e.setting() + "; nothing was stored",
          e.getMessage()
              + ". Raise "
              + e.setting()
              + " (now "
              + e.max()
              + ") in server.env ("
              + e.limit().environmentVariable()
              + "=...) if the input is genuine; nothing of this import was stored",
          Json.createObjectBuilder()
              .add("limit", e.setting())
              .add("max", e.max())
              .add("environmentVariable", e.limit().environmentVariable()));
    }
  }

  /** The database failed: the request's transaction was rolled back. */
  @Provider
  public static class StorageProblems implements ExceptionMapper<StorageException> {
    @Override
    public Response toResponse(StorageException e) {
      LOG.log(Level.WARNING, "storage failed, transaction rolled back", e);
      return Problem.response(
          Response.Status.INTERNAL_SERVER_ERROR,
          "storage failed; nothing of this request was stored",
          e.getMessage());
    }
  }

  /** The database failed outside a write (e.g. it is unreachable). */
  @Provider
  public static class PersistenceProblems
      implements ExceptionMapper<jakarta.persistence.PersistenceException> {
    @Override
    public Response toResponse(jakarta.persistence.PersistenceException e) {
      LOG.log(Level.WARNING, "database failure", e);
      return Problem.response(
          Response.Status.SERVICE_UNAVAILABLE,
          "the database failed; nothing of this request was stored",
          "check /health/ready and the node's log");
    }
  }

  /** The transaction could not commit (e.g. a concurrent import of the same records). */
  @Provider
  public static class TransactionProblems implements ExceptionMapper<TransactionalException> {
    @Override
    public Response toResponse(TransactionalException e) {
      LOG.log(Level.WARNING, "transaction rolled back", e);
      return Problem.response(
          Response.Status.CONFLICT,
          "the request's transaction was rolled back; nothing of it was stored",
          "retry the request; if it fails again, see the node's log. Cause: " + e.getMessage());
    }
  }

  /** A bad query parameter. */
  @Provider
  public static class ArgumentProblems implements ExceptionMapper<IllegalArgumentException> {
    @Override
    public Response toResponse(IllegalArgumentException e) {
      return Problem.response(Response.Status.BAD_REQUEST, "bad request", e.getMessage());
    }
  }

  /** JAX-RS's own refusals (404 of an unknown path, 415, ...) as problem JSON too. */
  @Provider
  public static class WebProblems implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response r = e.getResponse();
      return Problem.response(
          r.getStatusInfo(), r.getStatusInfo().getReasonPhrase(), e.getMessage());
    }
  }
}
