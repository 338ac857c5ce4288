package org.transitionnet.coordinator.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.logging.Logger;
import org.transitionnet.coordinator.enrollment.ConsortiumRegistrar;
import org.transitionnet.proto.v1.EnrollRequest;
import org.transitionnet.proto.v1.EnrollResponse;
import org.transitionnet.proto.v1.EnrollmentGrpc;
import org.transitionnet.security.pki.CertificateRequestException;
import org.transitionnet.security.pki.EnrollmentException;

/**
 * The enrollment call: a one-time token and a PKCS#10 request in, the site's certificate chain and
 * the consortium root out. Refusals are gRPC statuses that say why.
 */
final class GrpcEnrollmentService extends EnrollmentGrpc.EnrollmentImplBase {

  private static final Logger LOG = Logger.getLogger(GrpcEnrollmentService.class.getName());

  private final ConsortiumRegistrar registrar;

  GrpcEnrollmentService(ConsortiumRegistrar registrar) {
    this.registrar = registrar;
  }

  @Override
  public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
    List<X509Certificate> chain;
    try {
      chain =
          registrar.enroll(
              request.getSiteId(), request.getToken(), request.getCsrDer().toByteArray());
    } catch (EnrollmentException e) {
      LOG.info(() -> "enrollment of " + request.getSiteId() + " refused: " + e.getMessage());
      response.onError(
          Status.PERMISSION_DENIED
              .withDescription(e.reason() + ": " + e.getMessage())
              .asRuntimeException());
      return;
    } catch (CertificateRequestException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (IllegalArgumentException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    try {
      EnrollResponse.Builder out = EnrollResponse.newBuilder();
      for (X509Certificate certificate : chain) {
        out.addCertificateChainDer(ByteString.copyFrom(certificate.getEncoded()));
      }
      out.setTrustAnchorDer(ByteString.copyFrom(registrar.rootCertificate().getEncoded()));
      response.onNext(out.build());
      response.onCompleted();
    } catch (CertificateEncodingException e) {
      response.onError(Status.INTERNAL.withDescription("cannot encode chain").asRuntimeException());
    }
  }
}
