package org.transitionnet.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transitionnet.node.federation.FederationResource;
import org.transitionnet.node.privacy.PrivacyLedgerResource;

/** Every REST method of the node names the roles it allows: none is open by omission. */
class NodeRolesTest {

  /** Every resource class of the node; a new one must be added here (and to NodeAccessIT). */
  static final List<Class<?>> RESOURCES =
      List.of(
          DatasetResource.class,
          FhirImportResource.class,
          FederationResource.class,
          PrivacyLedgerResource.class);

  private static final Set<String> ROLES =
      Set.of(NodeRoles.DATA_STEWARD, NodeRoles.AUDITOR, NodeRoles.NODE_ADMIN);

  @Test
  void everyResourceMethod_allowsOnlyNamedNodeRoles() {
    List<String> open = new ArrayList<>();
    for (Class<?> resource : RESOURCES) {
      assertThat(resource.isAnnotationPresent(Path.class)).as(resource.getName()).isTrue();
      for (Method m : resource.getDeclaredMethods()) {
        boolean endpoint =
            m.isAnnotationPresent(GET.class)
                || m.isAnnotationPresent(POST.class)
                || m.isAnnotationPresent(PUT.class)
                || m.isAnnotationPresent(DELETE.class);
        if (!endpoint) {
          continue;
        }
        RolesAllowed roles =
            m.isAnnotationPresent(RolesAllowed.class)
                ? m.getAnnotation(RolesAllowed.class)
                : resource.getAnnotation(RolesAllowed.class);
        if (roles == null || roles.value().length == 0) {
          open.add(resource.getSimpleName() + "." + m.getName());
        } else {
          assertThat(ROLES)
              .as(resource.getSimpleName() + "." + m.getName())
              .contains(roles.value());
        }
      }
    }
    assertThat(open).as("REST methods without @RolesAllowed").isEmpty();
  }

  @Test
  void patientRecords_areTheDataStewardsAlone() throws Exception {
    Method records = DatasetResource.class.getMethod("records", String.class, int.class, int.class);
    RolesAllowed roles =
        records.isAnnotationPresent(RolesAllowed.class)
            ? records.getAnnotation(RolesAllowed.class)
            : DatasetResource.class.getAnnotation(RolesAllowed.class);
    assertThat(roles.value()).containsExactly(NodeRoles.DATA_STEWARD);
  }
}
