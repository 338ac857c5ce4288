package org.transitionnet.security.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequiredSecretsTest {

  @Test
  void missingEmptyUnresolvedDefaultAndShortSecrets_areEachNamed() {
    RequiredSecrets secrets =
        new RequiredSecrets("the node")
            .require("keystore.password", Optional.empty())
            .require("users.admin.password", Optional.of("  "))
            .require("users.steward.password", Optional.of("${users.steward.password}"))
            .require("federation.keystore-password", Optional.of("transitionnet-site"))
            .require("coordinator.ca.password", Optional.of("Transitionnet-Demo-CA"))
            .require("users.auditor.password", Optional.of("short"));

    assertThat(secrets.problems())
        .containsExactly(
            "keystore.password is not set",
            "users.admin.password is not set",
            "users.steward.password is not set",
            "federation.keystore-password is a published default",
            "coordinator.ca.password is a published default",
            "users.auditor.password is shorter than 12 characters");
    assertThatThrownBy(secrets::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the node refuses to start")
        .hasMessageContaining("keystore.password is not set")
        .hasMessageContaining("users.auditor.password");
  }

  @Test
  void randomSecrets_pass() {
    RequiredSecrets secrets =
        new RequiredSecrets("the node").require("keystore.password", Optional.of("q8Zr-2mXv-Lp0w"));

    assertThat(secrets.problems()).isEmpty();
    secrets.check();
  }
}
