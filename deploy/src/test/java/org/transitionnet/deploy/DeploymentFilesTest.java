package org.transitionnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Liberty configurations, container files and compose file agree with each other: every {@code
 * <include>} resolves in the server-directory layout the demo and the Containerfiles build, and
 * every file a Containerfile copies exists (or is built by this module).
 */
class DeploymentFilesTest {

  private static final Path LIBERTY = Path.of("src/main/liberty");

  @Test
  void serverXmlIncludes_resolveInTheAssembledServerLayout() throws Exception {
    for (String role : List.of("node", "coordinator")) {
      Document doc = parse(LIBERTY.resolve(role).resolve("server.xml"));
      NodeList includes = doc.getElementsByTagName("include");
      assertThat(includes.getLength()).isGreaterThanOrEqualTo(3);
      for (int i = 0; i < includes.getLength(); i++) {
        String location =
            ((Element) includes.item(i))
                .getAttribute("location")
                .replace("${server.config.dir}/", "");
        Path source =
            location.equals(role + "-base.xml")
                ? Path.of("..", role, "src/main/liberty/config/server.xml")
                : LIBERTY.resolve(location);
        assertThat(source).as("%s includes %s", role, location).exists();
        parse(source);
      }
    }
  }

  @Test
  void containerfiles_copyOnlyWhatExistsOrTheBuildMakes_andRunTheKernelSlimSteps()
      throws Exception {
    Pattern copy = Pattern.compile("^COPY --chown=1001:0 (.+?) (/config/\\S*)$", Pattern.MULTILINE);
    for (String role : List.of("node", "coordinator")) {
      String text =
          Files.readString(Path.of("containers", "Containerfile." + role)).replace("\\\n", " ");
      assertThat(text).contains("FROM icr.io/appcafe/open-liberty:").contains("kernel-slim");
      assertThat(text.indexOf("RUN features.sh")).isLessThan(text.indexOf("RUN configure.sh"));
      Matcher m = copy.matcher(text);
      List<String> sources = new ArrayList<>();
      while (m.find()) {
        for (String s : m.group(1).trim().split("\\s+")) {
          sources.add(s);
        }
      }
      assertThat(sources).isNotEmpty();
      for (String s : sources) {
        if (s.startsWith("deploy/target/tnet-runtime/")) {
          assertThat(s)
              .as("built by this module's pom")
              .matches(
                  "deploy/target/tnet-runtime/(lib/jdbc/|lib/dl4j/|apps/transitionnet-"
                      + role
                      + "\\.war)");
        } else {
          assertThat(Path.of("..").resolve(s)).as("%s copies %s", role, s).exists();
        }
      }
    }
  }

  @Test
  void compose_hasACoordinatorAndThreeNodes_withReadinessHealthchecks() throws Exception {
    JsonNode compose = new YAMLMapper().readTree(Path.of("compose", "compose.yaml").toFile());
    JsonNode services = compose.path("services");
    assertThat(services.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("coordinator", "site-a", "site-b", "site-c");
    assertThat(services.path("coordinator").path("healthcheck").path("test").toString())
        .contains("/health/ready");
    for (String site : List.of("site-a", "site-b", "site-c")) {
      JsonNode s = services.path(site);
      assertThat(s.path("build").path("dockerfile").asText())
          .isEqualTo("deploy/containers/Containerfile.node");
      assertThat(s.path("healthcheck").path("test").toString()).contains("/health/ready");
      assertThat(s.path("environment").path("FEDERATION_SITE_ID").asText()).isEqualTo(site);
      assertThat(s.path("environment").path("FEDERATION_COORDINATOR_HOST").asText())
          .isEqualTo("coordinator");
    }
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }
}
