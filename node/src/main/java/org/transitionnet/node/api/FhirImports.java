package org.transitionnet.node.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.transitionnet.fhir.FhirImporter;

/**
 * The node's FHIR settings and its one shared {@link FhirImporter} (it holds the expensive HAPI
 * FHIR context, built at the first FHIR request).
 *
 * <ul>
 *   <li>{@code fhir.import.root}: the folder directory imports may read below; default {@code
 *       ${server.output.dir}/imports};
 *   <li>{@code federation.site-id}: written into each record as its site (empty when unset).
 * </ul>
 */
@ApplicationScoped
public class FhirImports {

  /** The setting naming the folder that directory imports may read below. */
  static final String ROOT_SETTING = "fhir.import.root";

  @Inject Config config;

  private volatile FhirImporter importer;

  /** The importer, shared by every request. */
  public FhirImporter importer() {
    FhirImporter i = importer;
    if (i == null) {
      synchronized (this) {
        i = importer;
        if (i == null) {
          i = new FhirImporter(site());
          importer = i;
        }
      }
    }
    return i;
  }

  /** The configured import root. */
  public FhirImportRoot root() {
    Optional<String> configured = setting(ROOT_SETTING);
    if (configured.isPresent()) {
      return new FhirImportRoot(Path.of(configured.get()));
    }
    // Liberty runs the server with ${server.output.dir} as its working directory.
    Path output =
        setting("server.output.dir")
            .or(() -> Optional.ofNullable(System.getProperty("server.output.dir")))
            .map(Path::of)
            .orElse(Path.of(""));
    return new FhirImportRoot(output.resolve("imports"));
  }

  private String site() {
    return setting("federation.site-id").orElse("");
  }

  private Optional<String> setting(String name) {
    return config.getOptionalValue(name, String.class).map(String::trim).filter(s -> !s.isEmpty());
  }
}
