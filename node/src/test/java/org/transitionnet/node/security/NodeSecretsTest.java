package org.transitionnet.node.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeSecretsTest {

  private static final String GOOD = "k3v-9Qz-pL2x-77";

  private static void check(Map<String, String> settings) {
    NodeSecrets.check(name -> Optional.ofNullable(settings.get(name)));
  }

  @Test
  void noKeystorePassword_refusesNamingTheSetting() {
    assertThatThrownBy(() -> check(Map.of())).hasMessageContaining("keystore.password is not set");
  }

  @Test
  void federationOn_withTheShippedSiteKeystorePassword_isRefused() {
    Map<String, String> s = new HashMap<>();
    s.put("keystore.password", GOOD);
    s.put("federation.site-id", "site-a");
    s.put("federation.coordinator.host", "coordinator.example");
    s.put("federation.keystore-password", "transitionnet-site");

    assertThatThrownBy(() -> check(s))
        .hasMessageContaining("federation.keystore-password is a published default");
  }

  @Test
  void basicRegistry_needsEveryUsersPassword() {
    Map<String, String> s = new HashMap<>();
    s.put("keystore.password", GOOD);
    s.put("users.registry", "basic");
    s.put("users.steward.password", GOOD);

    assertThatThrownBy(() -> check(s))
        .hasMessageContaining("users.auditor.password is not set")
        .hasMessageContaining("users.admin.password is not set");
  }

  @Test
  void everySecretSet_starts() {
    Map<String, String> s = new HashMap<>();
    s.put("keystore.password", GOOD);
    s.put("users.registry", "basic");
    s.put("users.steward.password", GOOD + "a");
    s.put("users.auditor.password", GOOD + "b");
    s.put("users.admin.password", GOOD + "c");
    s.put("federation.site-id", "site-a");
    s.put("federation.coordinator.host", "coordinator.example");
    s.put("federation.keystore-password", GOOD + "d");

    assertThatCode(() -> check(s)).doesNotThrowAnyException();
  }
}
