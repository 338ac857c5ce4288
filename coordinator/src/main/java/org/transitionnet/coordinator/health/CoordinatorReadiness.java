package org.transitionnet.coordinator.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.transitionnet.coordinator.grpc.FederationEndpoints;
import org.transitionnet.coordinator.jobs.FederationRuntime;
import org.transitionnet.coordinator.persistence.JpaConsortiumState;

/** Ready when the database answers a query and both gRPC servers are up. */
@Readiness
@ApplicationScoped
public class CoordinatorReadiness implements HealthCheck {

  @Inject JpaConsortiumState database;
  @Inject FederationRuntime runtime;
  @Inject FederationEndpoints endpoints;

  @Resource(lookup = "jdbc/coordinator")
  DataSource dataSource;

  private volatile String product;

  @Override
  public HealthCheckResponse call() {
    boolean databaseUp;
    try {
      databaseUp = database.reachable();
    } catch (RuntimeException e) {
      databaseUp = false;
    }
    boolean grpcUp = runtime.serving();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("coordinator")
            .withData("database", databaseUp)
            .withData("databaseProduct", product())
            .withData("grpc", grpcUp)
            .withData("grpcPort", endpoints.federationPort())
            .withData("activeJobs", String.join(",", runtime.activeJobs()));
    return (databaseUp && grpcUp ? response.up() : response.down()).build();
  }

  /**
   * H2 or PostgreSQL: which database the operator's configuration selected. It cannot change while
   * the server runs, so it is read once (on the first probe that reaches the database), not on
   * every probe.
   */
  private String product() {
    String known = product;
    if (known != null) {
      return known;
    }
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
      return product;
    } catch (SQLException | RuntimeException e) {
      return "unreachable";
    }
  }
}
