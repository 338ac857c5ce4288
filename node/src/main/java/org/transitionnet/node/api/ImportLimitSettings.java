package org.transitionnet.node.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.importing.InputLimits;

/**
 * The node's input limits (MicroProfile Config: a server.xml variable, {@code
 * -Dliberty.var.import.max-request-bytes=...}, or {@code IMPORT_MAX_REQUEST_BYTES=...} in
 * server.env). An import beyond one is refused whole (413, or 400 for a line) with the setting
 * named. The defaults and the measurements behind them: docs/reliability.md, "Input limits".
 *
 * <ul>
 *   <li>{@code import.max-request-bytes}: bytes one import request may send (all its files);
 *   <li>{@code import.max-line-bytes}: bytes of one CSV or NDJSON line;
 *   <li>{@code import.max-records}: records one import may make;
 *   <li>{@code import.max-decompressed-bytes}: NDJSON bytes one import reads after decompression;
 *   <li>{@code import.max-compression-ratio}: how far one gzip file may expand (beyond 1 MiB).
 * </ul>
 */
@ApplicationScoped
public class ImportLimitSettings {

  @Inject
  @ConfigProperty(name = "import.max-request-bytes", defaultValue = "2000000000")
  long maxRequestBytes;

  @Inject
  @ConfigProperty(name = "import.max-line-bytes", defaultValue = "1048576")
  long maxLineBytes;

  @Inject
  @ConfigProperty(name = "import.max-records", defaultValue = "5000000")
  long maxRecords;

  @Inject
  @ConfigProperty(name = "import.max-decompressed-bytes", defaultValue = "68719476736")
  long maxDecompressedBytes;

  @Inject
  @ConfigProperty(name = "import.max-compression-ratio", defaultValue = "100")
  double maxCompressionRatio;

  /** The limits in force (checked: each at least 1). */
  public InputLimits limits() {
    return new InputLimits(
        maxRequestBytes, maxLineBytes, maxRecords, maxDecompressedBytes, maxCompressionRatio);
  }

  /** Starts the accounting of one import. */
  public InputLimits.Budget begin() {
    return limits().begin();
  }
}
