package org.transitionnet.coordinator.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoordinatorSecretsTest {

  private static void check(Map<String, String> settings) {
    CoordinatorSecrets.check(name -> Optional.ofNullable(settings.get(name)));
  }

  @Test
  void theFormerShippedDefaults_areRefused_eachNamed() {
    Map<String, String> s = new HashMap<>();
    s.put("coordinator.ca.password", "transitionnet-demo-ca");
    s.put("keystore.password", "transitionnet-demo");
    s.put("operator.password", "operator-demo");
    s.put("researcher.password", "researcher-demo");

    assertThatThrownBy(() -> check(s))
        .hasMessageContaining("coordinator.ca.password is a published default")
        .hasMessageContaining("keystore.password is a published default")
        .hasMessageContaining("operator.password is a published default")
        .hasMessageContaining("researcher.password is a published default");
  }

  @Test
  void nothingSet_isRefused() {
    assertThatThrownBy(() -> check(Map.of()))
        .hasMessageContaining("coordinator.ca.password is not set")
        .hasMessageContaining("researcher.password is not set");
  }

  @Test
  void randomSecrets_start() {
    Map<String, String> s = new HashMap<>();
    for (String name : CoordinatorSecrets.REQUIRED) {
      s.put(name, "r4nd0m-" + name.hashCode() + "-secret");
    }
    assertThatCode(() -> check(s)).doesNotThrowAnyException();
  }
}
