package org.transitionnet.node.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The REST API lives under {@code /api}; the OpenAPI document is served at {@code /openapi}. */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "TransitionNet hospital node",
            version = "0.1.0",
            description =
                "Import transition records (CSV with a mapping, or canonical JSON), list"
                    + " datasets and read validation reports. Records never leave the site."))
public class NodeApplication extends Application {}
