package org.transitionnet.security.web;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery, refused: a page on another site that the user visits can make the
 * browser send state-changing requests with the user's cached HTTP Basic credentials, but only
 * "simple" ones (a form: no custom header, a content type among {@code
 * application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}), and the
 * browser names the page's origin in {@code Origin}. So a state-changing request is refused when
 * its {@code Origin} is another origin than the server's own, or when it is a simple request
 * without the {@value #HEADER} header. API clients ({@code tnet}, curl, scripts) send JSON, or add
 * the header to a CSV, text or multipart upload.
 */
public final class CrossSiteRequests {

  /** The header a non-browser client adds to a form-like upload (any value). */
  public static final String HEADER = "X-Requested-By";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private static final Set<String> SIMPLE_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  private CrossSiteRequests() {}

  /**
   * Why the request is refused, or empty when it may proceed.
   *
   * @param method the HTTP method
   * @param origin the {@code Origin} header, or {@code null}
   * @param self the URI the request was made to (its scheme, host and port are the server's own
   *     origin)
   * @param contentType the {@code Content-Type} header, or {@code null}
   * @param customHeader whether the request carries {@value #HEADER}
   */
  public static Optional<String> refusal(
      String method, String origin, URI self, String contentType, boolean customHeader) {
    if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      return Optional.empty();
    }
    if (origin != null && !origin.isBlank() && !sameOrigin(origin.trim(), self)) {
      return Optional.of(
          "cross-site request refused: Origin "
              + origin.trim()
              + " is not this server's origin "
              + originOf(self));
    }
    if (!customHeader && simple(contentType)) {
      return Optional.of(
          "a "
              + method.toUpperCase(Locale.ROOT)
              + " with content type "
              + (contentType == null || contentType.isBlank() ? "(none)" : contentType)
              + " must carry the header "
              + HEADER
              + " (any value): a cross-site form could send it otherwise");
    }
    return Optional.empty();
  }

  private static boolean simple(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return SIMPLE_TYPES.contains(type);
  }

  private static boolean sameOrigin(String origin, URI self) {
    try {
      URI o = URI.create(origin);
      return originOf(o).equals(originOf(self));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String originOf(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + ":" + port;
  }
}
