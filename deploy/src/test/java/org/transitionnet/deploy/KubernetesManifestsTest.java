package org.transitionnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lints the Kubernetes manifests without a cluster: every document has the fields the API server
 * requires, workloads' selectors match their pod labels, probes point at MicroProfile Health on a
 * named container port, and Services target ports that exist.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("kubernetes");
  private static final ObjectMapper YAML = new YAMLMapper();

  static List<JsonNode> documents() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (var parser = new YAMLFactory().createParser(f.toFile())) {
          for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
            if (doc != null && !doc.isNull() && !doc.isEmpty()) {
              ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("__file", f.toString());
              docs.add(doc);
            }
          }
        }
      }
    }
    return docs;
  }

  @Test
  void everyDocument_hasApiVersionKindAndName() throws IOException {
    List<JsonNode> docs = documents();
    assertThat(docs).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode d : docs) {
      String where = d.path("__file").asText();
      assertThat(d.path("apiVersion").asText()).as("apiVersion in %s", where).isNotBlank();
      assertThat(d.path("kind").asText()).as("kind in %s", where).isNotBlank();
      if (!d.path("kind").asText().equals("Kustomization")) {
        assertThat(d.path("metadata").path("name").asText())
            .as("metadata.name in %s", where)
            .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
      }
    }
  }

  @Test
  void kustomization_listsOnlyFilesThatExist() throws IOException {
    JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    for (JsonNode r : k.path("resources")) {
      assertThat(DIR.resolve(r.asText())).exists();
    }
  }

  @Test
  void workloads_selectPodLabels_andProbeMicroProfileHealthOnNamedPorts() throws IOException {
    List<JsonNode> workloads =
        documents().stream()
            .filter(d -> Set.of("StatefulSet", "Deployment").contains(d.path("kind").asText()))
            .toList();
    assertThat(workloads).hasSize(2);
    for (JsonNode w : workloads) {
      String name = w.path("metadata").path("name").asText();
      JsonNode template = w.path("spec").path("template");
      Map<String, Object> labels = toMap(template.path("metadata").path("labels"));
      toMap(w.path("spec").path("selector").path("matchLabels"))
          .forEach((k, v) -> assertThat(labels).as("pod labels of %s", name).containsEntry(k, v));
      for (JsonNode c : template.path("spec").path("containers")) {
        Set<String> portNames = new HashSet<>();
        c.path("ports").forEach(p -> portNames.add(p.path("name").asText()));
        assertThat(c.path("image").asText()).as("image of %s", name).isNotBlank();
        Map<String, String> expected =
            Map.of(
                "startupProbe", "/health/started",
                "livenessProbe", "/health/live",
                "readinessProbe", "/health/ready");
        expected.forEach(
            (probe, path) -> {
              JsonNode get = c.path(probe).path("httpGet");
              assertThat(get.path("path").asText()).as("%s of %s", probe, name).isEqualTo(path);
              assertThat(portNames)
                  .as("%s port of %s", probe, name)
                  .contains(get.path("port").asText());
            });
      }
    }
  }

  @Test
  void services_targetPortsTheirPodsDeclare() throws IOException {
    List<JsonNode> docs = documents();
    for (JsonNode svc :
        docs.stream().filter(d -> d.path("kind").asText().equals("Service")).toList()) {
      Map<String, Object> selector = toMap(svc.path("spec").path("selector"));
      JsonNode pod =
          docs.stream()
              .filter(d -> d.path("kind").asText().equals("StatefulSet"))
              .map(d -> d.path("spec").path("template"))
              .filter(
                  t ->
                      toMap(t.path("metadata").path("labels"))
                          .entrySet()
                          .containsAll(selector.entrySet()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no pods for service " + svc.path("metadata").path("name")));
      Set<String> declared = new HashSet<>();
      for (JsonNode c : pod.path("spec").path("containers")) {
        c.path("ports").forEach(p -> declared.add(p.path("name").asText()));
      }
      for (JsonNode port : svc.path("spec").path("ports")) {
        assertThat(declared).contains(port.path("targetPort").asText());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode node) {
    return new ObjectMapper().convertValue(node, Map.class);
  }
}
