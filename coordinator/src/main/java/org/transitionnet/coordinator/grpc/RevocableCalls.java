package org.transitionnet.coordinator.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Remembers the open calls of each client certificate so that revoking a site also ends the stream
 * it already has open: the handshake check alone would only refuse its next connection.
 */
final class RevocableCalls implements ServerInterceptor {

  private final Map<BigInteger, Set<GuardedCall<?, ?>>> bySerial = new ConcurrentHashMap<>();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    BigInteger serial = peerSerial(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (serial == null) {
      return next.startCall(call, headers);
    }
    GuardedCall<Q, R> guarded = new GuardedCall<>(call);
    Set<GuardedCall<?, ?>> calls =
        bySerial.computeIfAbsent(serial, k -> ConcurrentHashMap.newKeySet());
    calls.add(guarded);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(guarded, headers)) {
      @Override
      public void onComplete() {
        calls.remove(guarded);
        super.onComplete();
      }

      @Override
      public void onCancel() {
        calls.remove(guarded);
        super.onCancel();
      }
    };
  }

  /** Ends every open call of the certificate with this serial; returns how many. */
  int closeAll(BigInteger serial, String reason) {
    Set<GuardedCall<?, ?>> calls = bySerial.remove(serial);
    if (calls == null) {
      return 0;
    }
    for (GuardedCall<?, ?> call : calls) {
      call.closeNow(Status.PERMISSION_DENIED.withDescription(reason));
    }
    return calls.size();
  }

  private static BigInteger peerSerial(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509
          ? x509.getSerialNumber()
          : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** A call whose sends and close are serialised, so it can be closed from another thread. */
  private static final class GuardedCall<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    GuardedCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (closed) {
        throw new IllegalStateException("call closed: site revoked");
      }
      super.sendMessage(message);
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }

    synchronized void closeNow(Status status) {
      close(status, new Metadata());
    }
  }
}
