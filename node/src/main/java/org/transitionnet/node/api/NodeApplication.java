package org.transitionnet.node.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API lives under {@code /api}, over HTTPS only, for authenticated users in the node's
 * roles ({@link NodeRoles}); the OpenAPI document is served at {@code /openapi}.
 */
@ApplicationPath("/api")
@DeclareRoles({NodeRoles.DATA_STEWARD, NodeRoles.AUDITOR, NodeRoles.NODE_ADMIN})
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
@OpenAPIDefinition(
    info =
        @Info(
            title = "TransitionNet hospital node",
            version = "0.1.0",
            description =
                "Import transition records (CSV with a mapping, or canonical JSON), list"
                    + " datasets and read validation reports. Records never leave the site."))
public class NodeApplication extends Application {}
