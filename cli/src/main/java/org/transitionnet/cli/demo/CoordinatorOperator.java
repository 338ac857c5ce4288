package org.transitionnet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The operator calls the demo makes on the coordinator's REST API over HTTPS: the consortium root
 * ({@code GET /api/consortium}), one-time enrollment tokens ({@code POST
 * /api/sites/{site}/enrollment-token}) and the site list ({@code GET /api/sites}). TLS trusts
 * exactly the certificate Liberty generated for the coordinator, exported by {@link
 * #exportHttpsCertificate}.
 */
public final class CoordinatorOperator {

  /**
   * The consortium as the coordinator reports it.
   *
   * @param name the consortium name
   * @param rootSha256 SHA-256 of the root certificate (lower-case hex): a node's {@code
   *     federation.root-sha256}
   */
  public record Consortium(String name, String rootSha256) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /**
   * @param base the coordinator's HTTPS base URI
   * @param user an operator
   * @param password the operator's password
   * @param trustedPem the PEM certificate the coordinator's HTTPS endpoint presents
   */
  public CoordinatorOperator(URI base, String user, String password, Path trustedPem)
      throws DemoFailure {
    this.base = base;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    try {
      this.http =
          HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(trusting(trustedPem)).build();
    } catch (IOException | GeneralSecurityException e) {
      throw new DemoFailure("cannot trust " + trustedPem + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the certificate Liberty generated for a server's HTTPS endpoint ({@code
   * resources/security/key.p12}, alias {@code default}) to {@code pem}, and returns the host name
   * to reach it under: {@code 127.0.0.1} if the certificate names that address, else {@code
   * localhost}.
   */
  public static String exportHttpsCertificate(Path serverDir, char[] keystorePassword, Path pem)
      throws DemoFailure {
    Path p12 = serverDir.resolve("resources").resolve("security").resolve("key.p12");
    try (InputStream in = Files.newInputStream(p12)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, keystorePassword);
      X509Certificate cert = null;
      Enumeration<String> aliases = store.aliases();
      while (aliases.hasMoreElements()) {
        String alias = aliases.nextElement();
        Certificate c = store.getCertificate(alias);
        if (c instanceof X509Certificate x && (cert == null || "default".equals(alias))) {
          cert = x;
        }
      }
      if (cert == null) {
        throw new DemoFailure(p12 + " holds no certificate");
      }
      String text =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      Files.createDirectories(pem.getParent());
      Files.writeString(pem, text, StandardCharsets.US_ASCII);
      return namesLoopbackAddress(cert) ? "127.0.0.1" : "localhost";
    } catch (IOException | GeneralSecurityException e) {
      throw new DemoFailure("cannot read the coordinator's HTTPS certificate " + p12 + ": " + e, e);
    }
  }

  private static boolean namesLoopbackAddress(X509Certificate cert)
      throws GeneralSecurityException {
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    if (names == null) {
      return false;
    }
    // Type 7 is iPAddress (RFC 5280).
    return names.stream()
        .anyMatch(n -> Integer.valueOf(7).equals(n.get(0)) && "127.0.0.1".equals(n.get(1)));
  }

  /** A TLS context that trusts exactly the certificates in {@code pem}. */
  static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c :
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("coordinator-" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** {@code GET /api/consortium}. */
  public Consortium consortium() throws DemoFailure {
    JsonNode c = send(request("/api/consortium").GET().build(), "read the consortium root");
    String sha = c.path("rootSha256").asText("");
    if (sha.isBlank()) {
      throw new DemoFailure("the coordinator reported no consortium root fingerprint: " + c);
    }
    return new Consortium(c.path("consortium").asText(""), sha);
  }

  /** {@code POST /api/sites/{site}/enrollment-token}: approves a site; returns its token. */
  public String issueEnrollmentToken(String siteId) throws DemoFailure {
    JsonNode t =
        send(
            request(
                    "/api/sites/"
                        + URLEncoder.encode(siteId, StandardCharsets.UTF_8)
                        + "/enrollment-token")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            "issue an enrollment token for " + siteId);
    String token = t.path("token").asText("");
    if (token.isBlank()) {
      throw new DemoFailure("the coordinator issued no token for " + siteId + ": " + t);
    }
    return token;
  }

  /** {@code GET /api/sites}: each site's {@code siteId}, {@code status}, {@code connected}. */
  public JsonNode sites() throws DemoFailure {
    return send(request("/api/sites").GET().build(), "list the sites");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        // an API client, not a cross-site form (the coordinator refuses form-like calls without it)
        .header("X-Requested-By", "tnet-demo")
        .header("Authorization", authorization);
  }

  private JsonNode send(HttpRequest request, String what) throws DemoFailure {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new DemoFailure(
            "coordinator: could not "
                + what
                + ": HTTP "
                + response.statusCode()
                + " from "
                + request.uri()
                + ": "
                + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new DemoFailure("coordinator: could not " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("coordinator: interrupted while trying to " + what, e);
    }
  }
}
