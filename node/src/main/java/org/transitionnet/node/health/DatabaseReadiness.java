package org.transitionnet.node.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the node's database answers {@code SELECT 1} within a few seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  static final String NAME = "database";
  private static final int TIMEOUT_SECONDS = 5;

  @Resource(lookup = "jdbc/transitionnet")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(TIMEOUT_SECONDS);
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
        return HealthCheckResponse.named(NAME)
            .up()
            .withData("product", c.getMetaData().getDatabaseProductName())
            .build();
      }
    } catch (SQLException | RuntimeException e) {
      return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e)).build();
    }
  }
}
