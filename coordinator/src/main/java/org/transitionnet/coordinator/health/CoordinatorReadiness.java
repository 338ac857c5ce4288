package org.transitionnet.coordinator.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
            .withData("grpc", grpcUp)
            .withData("grpcPort", endpoints.federationPort())
            .withData("activeJobs", String.join(",", runtime.activeJobs()));
    return (databaseUp && grpcUp ? response.up() : response.down()).build();
  }
}
