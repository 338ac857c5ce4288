package org.transitionnet.security.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class AeadKeyTest {

  private final AeadKey key = AeadKey.generate(new SecureRandom());
  private final AssociatedData context = new AssociatedData("job", 3, "site-a", "site-b");
  private final byte[] message = "share".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealedEnvelopeOpensOnlyInItsOwnContext() throws Exception {
    Envelope envelope = key.seal(message, context);

    assertThat(key.open(Envelope.fromBytes(envelope.toBytes()), context)).isEqualTo(message);
    for (AssociatedData other :
        new AssociatedData[] {
          new AssociatedData("job", 2, "site-a", "site-b"),
          new AssociatedData("job2", 3, "site-a", "site-b"),
          new AssociatedData("job", 3, "site-c", "site-b"),
          new AssociatedData("job", 3, "site-a", "site-c")
        }) {
      assertThatThrownBy(() -> key.open(envelope, other)).isInstanceOf(EnvelopeException.class);
    }
  }

  @Test
  void tamperedCiphertextOrWrongKey_refused() {
    Envelope envelope = key.seal(message, context);
    byte[] bytes = envelope.toBytes();
    bytes[bytes.length - 1] ^= 1;

    assertThatThrownBy(() -> key.open(Envelope.fromBytes(bytes), context))
        .isInstanceOf(EnvelopeException.class);
    assertThatThrownBy(() -> AeadKey.generate(new SecureRandom()).open(envelope, context))
        .isInstanceOf(EnvelopeException.class);
  }

  @Test
  void derivedKeysAgreeForTheSameSecretAndDifferByPurpose() throws Exception {
    byte[] secret = new byte[32];
    Envelope envelope = AeadKey.derive(secret, new byte[0], "a").seal(message, context);

    assertThat(AeadKey.derive(secret, new byte[0], "a").open(envelope, context)).isEqualTo(message);
    assertThatThrownBy(() -> AeadKey.derive(secret, new byte[0], "b").open(envelope, context))
        .isInstanceOf(EnvelopeException.class);
    assertThat(key.toString()).doesNotContainPattern("[0-9a-f]{16}");
  }
}
