package org.transitionnet.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CrossSiteRequestsTest {

  private static final URI SELF =
      URI.create("https://node.hospital.example:9443/api/datasets/x/csv");

  @Test
  void safeMethods_pass_whateverTheirOrigin() {
    assertThat(CrossSiteRequests.refusal("GET", "https://evil.example", SELF, null, false))
        .isEmpty();
  }

  @Test
  void aForeignOrigin_isRefused_evenWithJson() {
    assertThat(
            CrossSiteRequests.refusal(
                "POST", "https://evil.example", SELF, "application/json", true))
        .hasValueSatisfying(r -> assertThat(r).contains("cross-site").contains("evil.example"));
  }

  @Test
  void theServersOwnOrigin_passes_defaultPortsIncluded() {
    assertThat(
            CrossSiteRequests.refusal(
                "POST", "https://NODE.hospital.example:9443", SELF, "application/json", false))
        .isEmpty();
    assertThat(
            CrossSiteRequests.refusal(
                "DELETE",
                "https://c.example",
                URI.create("https://c.example:443/api/sites/a"),
                "application/json",
                false))
        .isEmpty();
  }

  @Test
  void aFormLikeRequest_withoutTheHeader_isRefused_withIt_passes() {
    for (String type :
        new String[] {
          "text/plain; charset=UTF-8",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=b",
          null
        }) {
      assertThat(CrossSiteRequests.refusal("POST", null, SELF, type, false))
          .as(String.valueOf(type))
          .hasValueSatisfying(r -> assertThat(r).contains(CrossSiteRequests.HEADER));
      assertThat(CrossSiteRequests.refusal("POST", null, SELF, type, true)).isEmpty();
    }
  }

  @Test
  void nonSimpleContentTypes_needNoHeader_aBrowserMustPreflightThem() {
    assertThat(CrossSiteRequests.refusal("PUT", null, SELF, "application/json", false)).isEmpty();
    assertThat(CrossSiteRequests.refusal("POST", null, SELF, "text/csv", false)).isEmpty();
  }
}
