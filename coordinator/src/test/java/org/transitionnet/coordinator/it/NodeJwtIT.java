package org.transitionnet.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose users come from the hospital's OpenID Connect provider ({@code users.registry=jwt},
 * MicroProfile JWT): a real Liberty node checks each bearer token against the provider's keys,
 * served here as a JWKS by a stand-in provider in the test. A token whose groups hold the data
 * stewards' group reads records; an auditor's token may not; an expired token, a token for another
 * audience or one signed by another key is refused.
 */
class NodeJwtIT {

  private static final Duration START = Duration.ofSeconds(420);
  private static final String ISSUER = "https://idp.hospital.test/realms/hospital";
  private static final String AUDIENCE = "transitionnet-node";
  private static final String SECRET =
      "it-" + Long.toHexString(new SecureRandom().nextLong()) + "-jwt";

  private static KeyPair provider;
  private static HttpServer jwks;
  private static LibertyServer node;
  private static String https;
  private static HttpClient http;

  @BeforeAll
  static void startNodeWithTheProvidersKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    provider = generator.generateKeyPair();
    RSAPublicKey key = (RSAPublicKey) provider.getPublic();
    String jwk =
        "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"it\",\"n\":\""
            + b64(unsigned(key.getModulus().toByteArray()))
            + "\",\"e\":\""
            + b64(unsigned(key.getPublicExponent().toByteArray()))
            + "\"}]}";
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/jwks",
        exchange -> {
          byte[] body = jwk.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();

    http =
        HttpClient.newBuilder()
            .sslContext(ItNodes.trustAll())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    int httpPort = ItNodes.freePort();
    int httpsPort = ItNodes.freePort();
    https = "https://localhost:" + httpsPort;
    // users.registry picks the included users-jwt.xml: a bootstrap property
    node =
        ItNodes.prepareNode(
            "itNodeJwt",
            httpPort,
            Map.of(
                "http.port",
                Integer.toString(httpPort),
                "https.port",
                Integer.toString(httpsPort),
                "keystore.password",
                SECRET,
                "jwt.issuer",
                ISSUER,
                "jwt.audience",
                AUDIENCE,
                "jwt.jwks-uri",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"),
            Map.of("users.registry", "jwt", "db.kind", "h2"));
    node.start();
    node.awaitReady(START);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.stop();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  @Test
  void tokensOfTheProvider_grantTheRolesOfTheirGroups_andNothingElseGetsIn() throws Exception {
    String steward = token(provider, "dana", List.of("data-stewards"), AUDIENCE, 300);
    String auditor = token(provider, "ari", List.of("auditors"), AUDIENCE, 300);

    // the provider's token for a data steward: the steward's endpoints answer
    awaitStatus("/api/datasets", steward, 200);
    assertThat(call("/api/datasets/jwt-it/records", steward).statusCode()).isNotIn(401, 403);
    // an auditor's token reads the ledger, never records
    assertThat(call("/api/privacy/ledger", auditor).statusCode()).isEqualTo(200);
    assertThat(call("/api/datasets/jwt-it/records", auditor).statusCode()).isEqualTo(403);

    // refused: no token, an expired one, one for another audience, one signed by another key
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair stranger = generator.generateKeyPair();
    Map<String, String> refused =
        Map.of(
            "no token", "",
            "expired", token(provider, "dana", List.of("data-stewards"), AUDIENCE, -3600),
            "another audience", token(provider, "dana", List.of("data-stewards"), "other", 300),
            "another key", token(stranger, "dana", List.of("data-stewards"), AUDIENCE, 300));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      HttpResponse<String> r = call("/api/datasets", e.getValue());
      assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(401);
    }
    // a deployed node (api.docs off by default) serves no unauthenticated OpenAPI document
    assertThat(call("/openapi", "").statusCode()).isEqualTo(404);
  }

  private static void awaitStatus(String path, String token, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = call(path, token).statusCode();
      if (last == status || last == 403) {
        break; // answered: a refusal is not a node still starting
      }
      Thread.sleep(500);
    }
    if (last != status) {
      throw new AssertionError(path + " answered " + last + ", not " + status);
    }
  }

  private static HttpResponse<String> call(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(https + path)).timeout(Duration.ofSeconds(30)).GET();
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An RS256 JWT as an OpenID Connect provider issues it, valid for {@code seconds} from now. */
  private static String token(
      KeyPair key, String user, List<String> groups, String audience, long seconds)
      throws Exception {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"it\"}";
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\""
            + user
            + "\",\"upn\":\""
            + user
            + "\",\"preferred_username\":\""
            + user
            + "\",\"aud\":\""
            + audience
            + "\",\"groups\":["
            + String.join(",", groups.stream().map(g -> "\"" + g + "\"").toList())
            + "],\"iat\":"
            + (now - 10)
            + ",\"exp\":"
            + (now + seconds)
            + ",\"jti\":\""
            + Long.toHexString(new SecureRandom().nextLong())
            + "\"}";
    String signingInput =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(key.getPrivate());
    rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64(rs256.sign());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A BigInteger's bytes without the sign byte JWK does not want. */
  private static byte[] unsigned(byte[] bytes) {
    return bytes.length > 1 && bytes[0] == 0
        ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length)
        : bytes;
  }
}
