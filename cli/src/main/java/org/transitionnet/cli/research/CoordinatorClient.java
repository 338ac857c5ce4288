package org.transitionnet.cli.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
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
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The coordinator's researcher REST API ({@code /api/jobs...}, {@code /api/sites}) over {@link
 * HttpClient}: HTTP Basic credentials, and TLS trust either of the JDK's CAs or of one CA
 * certificate file (the consortium CA). Refusals come back as {@link CoordinatorException} with the
 * coordinator's {@code field} and {@code reason}.
 */
public final class CoordinatorClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /**
   * @param base the coordinator's base URL (the API is under {@code /api/})
   * @param user HTTP Basic user, empty for none
   * @param password HTTP Basic password
   * @param caCertificate PEM file of the CA to trust, or {@code null} for the JDK's
   */
  public CoordinatorClient(URI base, String user, String password, Path caCertificate)
      throws IOException, GeneralSecurityException {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.authorization =
        user.isEmpty()
            ? ""
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
    if (caCertificate != null) {
      builder.sslContext(trusting(caCertificate));
    }
    this.http = builder.build();
  }

  /** An SSL context that trusts exactly the certificates of a PEM file. */
  static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new GeneralSecurityException(pem + " holds no certificate");
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  public URI base() {
    return base;
  }

  /** {@code POST /api/jobs}: submits a job request (JSON text); returns the stored job. */
  public JsonNode submit(String jobJson) throws CoordinatorException {
    return json(
        send(
            request("api/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jobJson))
                .build()));
  }

  /** {@code GET /api/jobs}. */
  public JsonNode jobs() throws CoordinatorException {
    return json(send(request("api/jobs").GET().build()));
  }

  /** {@code GET /api/jobs/{id}}: the job with its round history. */
  public JsonNode job(String jobId) throws CoordinatorException {
    return json(send(request("api/jobs/" + segment(jobId)).GET().build()));
  }

  /**
   * {@code GET /api/jobs/{id}/leaderboard}: the §8 leaderboard JSON, as the coordinator wrote it.
   */
  public String leaderboard(String jobId) throws CoordinatorException {
    return new String(
        send(request("api/jobs/" + segment(jobId) + "/leaderboard").GET().build()),
        StandardCharsets.UTF_8);
  }

  /**
   * {@code GET /api/tasks/{task}/leaderboard}: every evaluated job of the task in one §8 document
   * (each method with its {@code job}).
   */
  public String taskLeaderboard(String task) throws CoordinatorException {
    return new String(
        send(request("api/tasks/" + segment(task) + "/leaderboard").GET().build()),
        StandardCharsets.UTF_8);
  }

  /**
   * {@code GET /api/jobs/{id}/models/{version}} as {@code application/octet-stream}: the flat
   * parameter vector, little-endian float64.
   */
  public byte[] model(String jobId, int version) throws CoordinatorException {
    return send(
        HttpRequest.newBuilder(base.resolve("api/jobs/" + segment(jobId) + "/models/" + version))
            .timeout(TIMEOUT)
            .header("Accept", "application/octet-stream")
            .headers(auth())
            .GET()
            .build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        // an API client, not a cross-site form (the coordinator refuses form-like calls without it)
        .header("X-Requested-By", "tnet")
        .headers(auth());
  }

  private String[] auth() {
    return authorization.isEmpty() ? new String[0] : new String[] {"Authorization", authorization};
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private byte[] send(HttpRequest request) throws CoordinatorException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new CoordinatorException(0, "", "cannot connect to " + base + " (" + e + ")");
    } catch (IOException e) {
      throw new CoordinatorException(0, "", base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoordinatorException(0, "", "interrupted");
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String field = "";
      String reason = new String(response.body(), StandardCharsets.UTF_8).strip();
      try {
        JsonNode error = JSON.readTree(response.body());
        if (error != null && error.hasNonNull("reason")) {
          reason = error.get("reason").asText();
          field = error.path("field").asText("");
        }
      } catch (IOException notJson) {
        // keep the body text as the reason
      }
      if (status == 401) {
        reason = "not authenticated: give --user and TNET_PASSWORD or --password-file";
      } else if (status == 403) {
        reason = "this user may not do that (the researcher role is needed)";
      }
      throw new CoordinatorException(status, field, reason.isEmpty() ? "no reason given" : reason);
    }
    return response.body();
  }

  private static JsonNode json(byte[] body) throws CoordinatorException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CoordinatorException(200, "", "the answer is not JSON: " + e.getMessage());
    }
  }
}
