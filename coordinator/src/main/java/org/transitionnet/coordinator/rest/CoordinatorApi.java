package org.transitionnet.coordinator.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API's root: {@code /api}, HTTP Basic over HTTPS, roles operator and researcher. */
@ApplicationPath("/api")
@DeclareRoles({Roles.OPERATOR, Roles.RESEARCHER})
@OpenAPIDefinition(
    info =
        @Info(
            title = "TransitionNet coordinator",
            version = "v1",
            description =
                "Enrollment tokens, sites and revocation (operator); jobs, rounds, models and"
                    + " leaderboards (researcher)."))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class CoordinatorApi extends Application {}
