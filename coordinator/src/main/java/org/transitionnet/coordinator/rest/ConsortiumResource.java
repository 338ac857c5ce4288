package org.transitionnet.coordinator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.transitionnet.coordinator.enrollment.ConsortiumRegistrar;
import org.transitionnet.security.pki.Pem;

/** The consortium's public trust anchor, which hospitals pin before they enroll. */
@Path("/consortium")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsortiumResource {

  @Inject ConsortiumRegistrar registrar;

  /**
   * The consortium root.
   *
   * @param consortium the consortium name
   * @param rootCertificatePem the root certificate, PEM
   * @param rootSha256 SHA-256 of the root's DER encoding, lower-case hex: a node's {@code
   *     federation.root-sha256}
   */
  public record ConsortiumView(String consortium, String rootCertificatePem, String rootSha256) {}

  @GET
  @RolesAllowed({Roles.OPERATOR, Roles.RESEARCHER})
  @Operation(summary = "The consortium root certificate and its SHA-256 fingerprint")
  public ConsortiumView get() throws CertificateEncodingException, NoSuchAlgorithmException {
    X509Certificate root = registrar.rootCertificate();
    String sha256 =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
    return new ConsortiumView(registrar.consortium(), Pem.encode(root), sha256);
  }
}
