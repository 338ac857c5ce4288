package org.transitionnet.node.api;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The server-side folder hospital IT drops Bulk Data exports into. A directory import may only read
 * below it: a requested path is resolved against it (or taken as it is when absolute), normalized,
 * and refused when it — or the real path behind its symbolic links — leaves the root.
 *
 * @param root the configured root ({@code fhir.import.root})
 */
public record FhirImportRoot(Path root) {

  public FhirImportRoot {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /**
   * The directory {@code requested} names, below the root.
   *
   * @throws NodeProblemException 400 for an empty or unusable path, 403 for a path outside the
   *     root, 404 for a path that is not an existing directory
   */
  public Path resolve(String requested) {
    if (requested == null || requested.isBlank()) {
      throw new NodeProblemException(
          Response.Status.BAD_REQUEST,
          "no export directory",
          "send {\"path\": \"<directory below " + root + ">\"}");
    }
    Path asked;
    try {
      asked = Path.of(requested.trim());
    } catch (InvalidPathException e) {
      throw new NodeProblemException(
          Response.Status.BAD_REQUEST, "not a path", "'" + requested + "': " + e.getMessage());
    }
    Path candidate = (asked.isAbsolute() ? asked : root.resolve(asked)).normalize();
    if (!candidate.startsWith(root)) {
      throw outside(requested);
    }
    if (!Files.isDirectory(candidate)) {
      throw new NodeProblemException(
          Response.Status.NOT_FOUND,
          "no such export directory",
          "'"
              + requested
              + "' is not a directory below the import root "
              + root
              + " (setting fhir.import.root)");
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        throw outside(requested); // a symbolic link out of the root
      }
      return real;
    } catch (IOException e) {
      throw new NodeProblemException(
          Response.Status.NOT_FOUND,
          "no such export directory",
          "'" + requested + "' cannot be read: " + e.getMessage());
    }
  }

  private NodeProblemException outside(String requested) {
    return new NodeProblemException(
        Response.Status.FORBIDDEN,
        "path outside the import root",
        "'"
            + requested
            + "' is not below the import root "
            + root
            + "; copy the export into a directory below it (setting fhir.import.root)");
  }
}
