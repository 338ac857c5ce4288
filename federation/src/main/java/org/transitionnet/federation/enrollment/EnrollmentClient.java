package org.transitionnet.federation.enrollment;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.transitionnet.proto.v1.EnrollRequest;
import org.transitionnet.proto.v1.EnrollResponse;
import org.transitionnet.proto.v1.EnrollmentGrpc;
import org.transitionnet.security.pki.SiteIdentity;

/** The site's side of enrollment. The caller owns the channel (server-authenticated TLS). */
public final class EnrollmentClient {

  private EnrollmentClient() {}

  /**
   * Sends the identity's request with the token and returns the identity with its new chain.
   *
   * @throws io.grpc.StatusRuntimeException PERMISSION_DENIED for a bad, used or foreign token
   */
  public static SiteIdentity enroll(Channel channel, SiteIdentity identity, String token)
      throws CertificateException {
    EnrollResponse response =
        EnrollmentGrpc.newBlockingStub(channel)
            .enroll(
                EnrollRequest.newBuilder()
                    .setSiteId(identity.siteId())
                    .setToken(token)
                    .setCsrDer(ByteString.copyFrom(identity.certificationRequest()))
                    .build());
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (ByteString der : response.getCertificateChainDerList()) {
      chain.add(
          (X509Certificate)
              factory.generateCertificate(new ByteArrayInputStream(der.toByteArray())));
    }
    if (!response.getTrustAnchorDer().isEmpty()) {
      chain.add(
          (X509Certificate)
              factory.generateCertificate(
                  new ByteArrayInputStream(response.getTrustAnchorDer().toByteArray())));
    }
    return identity.withCertificateChain(chain);
  }
}
