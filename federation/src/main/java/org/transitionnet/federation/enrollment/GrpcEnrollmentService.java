package org.transitionnet.federation.enrollment;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.logging.Logger;
import org.transitionnet.proto.v1.EnrollRequest;
import org.transitionnet.proto.v1.EnrollResponse;
import org.transitionnet.proto.v1.EnrollmentGrpc;
import org.transitionnet.security.pki.CertificateRequestException;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.EnrollmentException;
import org.transitionnet.security.pki.EnrollmentTokens;

/**
 * The coordinator's enrollment endpoint: redeems the one-time token, checks that it was issued for
 * the site the request names, and returns the certificate the consortium authority signs.
 */
public final class GrpcEnrollmentService extends EnrollmentGrpc.EnrollmentImplBase {

  private static final Logger LOG = Logger.getLogger(GrpcEnrollmentService.class.getName());

  private final ConsortiumAuthority authority;
  private final EnrollmentTokens tokens;
  private final Duration certificateValidity;

  public GrpcEnrollmentService(
      ConsortiumAuthority authority, EnrollmentTokens tokens, Duration certificateValidity) {
    this.authority = authority;
    this.tokens = tokens;
    this.certificateValidity = certificateValidity;
  }

  @Override
  public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> responses) {
    String siteId;
    try {
      siteId = tokens.redeem(request.getToken());
    } catch (EnrollmentException e) {
      LOG.info(() -> "enrollment refused for " + request.getSiteId() + ": " + e.getMessage());
      responses.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asException());
      return;
    }
    if (!siteId.equals(request.getSiteId())) {
      responses.onError(
          Status.PERMISSION_DENIED
              .withDescription(
                  "token was issued for site " + siteId + ", request names " + request.getSiteId())
              .asException());
      return;
    }
    try {
      X509Certificate certificate =
          authority.issueSiteCertificate(
              request.getCsrDer().toByteArray(), siteId, certificateValidity);
      responses.onNext(
          EnrollResponse.newBuilder()
              .addCertificateChainDer(ByteString.copyFrom(certificate.getEncoded()))
              .setTrustAnchorDer(ByteString.copyFrom(authority.rootCertificate().getEncoded()))
              .build());
      responses.onCompleted();
    } catch (CertificateRequestException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
    } catch (CertificateEncodingException e) {
      responses.onError(Status.INTERNAL.withDescription("cannot encode certificate").asException());
    }
  }
}
