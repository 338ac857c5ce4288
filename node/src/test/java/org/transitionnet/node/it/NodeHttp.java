package org.transitionnet.node.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTPS calls to the node the build started (its generated certificate is trusted blindly: the node
 * is on loopback and the test checks access control, not the certificate), as one of the users of
 * its test registry (node/pom.xml).
 */
final class NodeHttp {

  /** The node's HTTPS base URL. */
  static final String BASE = System.getProperty("node.base.url", "https://localhost:19443");

  /** The node's plain HTTP base URL (health probes and the redirect only). */
  static final String HTTP_BASE = System.getProperty("node.http.url", "http://localhost:19080");

  /** A user of the node's test registry. */
  enum User {
    STEWARD("steward", "node.steward.password"),
    AUDITOR("auditor", "node.auditor.password"),
    ADMIN("admin", "node.admin.password");

    final String name;
    private final String passwordProperty;

    User(String name, String passwordProperty) {
      this.name = name;
      this.passwordProperty = passwordProperty;
    }

    String password() {
      String p = System.getProperty(passwordProperty);
      if (p == null) {
        throw new IllegalStateException(passwordProperty + " is not set (failsafe sets it)");
      }
      return p;
    }
  }

  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .sslContext(trustAll())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private NodeHttp() {}

  static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofMinutes(2));
  }

  static HttpResponse<String> send(HttpRequest.Builder request, User user)
      throws IOException, InterruptedException {
    if (user != null) {
      request.header("Authorization", basic(user.name, user.password()));
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
