package org.transitionnet.node.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.transitionnet.node.ingest.ImportReport;

/**
 * The node's application metrics (served at {@code /metrics?scope=application}): records stored,
 * rows rejected, imports by outcome and how long imports take.
 */
@ApplicationScoped
public class ImportMetrics {

  @Inject MetricRegistry registry;

  /** Counts a committed import. */
  public void record(ImportReport report, String kind) {
    counter("transitionnet.records.stored", "transition records newly stored").inc(report.stored());
    counter("transitionnet.records.already_present", "valid records the node already had")
        .inc(report.alreadyPresent());
    counter("transitionnet.rows.rejected", "rows or records refused by validation")
        .inc(report.rejected());
    registry
        .counter(
            Metadata.builder()
                .withName("transitionnet.imports")
                .withDescription("import requests by outcome")
                .build(),
            new Tag("outcome", report.outcome().name().toLowerCase(java.util.Locale.ROOT)))
        .inc();
    timer(kind).update(Duration.ofMillis(report.durationMillis()));
  }

  private Counter counter(String name, String description) {
    return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
  }

  private Timer timer(String kind) {
    return registry.timer(
        Metadata.builder()
            .withName("transitionnet.import.duration")
            .withDescription("time to read, validate and store one import request")
            .build(),
        new Tag("kind", kind));
  }
}
