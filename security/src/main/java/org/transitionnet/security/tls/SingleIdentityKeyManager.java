package org.transitionnet.security.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the one identity a site or coordinator endpoint has, whatever issuers the peer lists:
 * the peer's trust manager, not this side, decides whether the certificate is acceptable (and says
 * why not).
 */
final class SingleIdentityKeyManager extends X509ExtendedKeyManager {

  private final X509ExtendedKeyManager delegate;
  private final String alias;

  SingleIdentityKeyManager(X509ExtendedKeyManager delegate, String alias) {
    this.delegate = delegate;
    this.alias = alias;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[] {alias};
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {alias};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matchesKeyType(keyType) ? alias : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matchesKeyType(keyType) ? alias : null;
  }

  private boolean matchesKeyType(String keyType) {
    PrivateKey key = delegate.getPrivateKey(alias);
    return keyType == null
        || key.getAlgorithm().equalsIgnoreCase(keyType)
        || (keyType.startsWith("EC") && key.getAlgorithm().equals("EC"))
        || (keyType.equalsIgnoreCase("EdDSA") && key.getAlgorithm().startsWith("Ed"));
  }

  @Override
  public X509Certificate[] getCertificateChain(String requested) {
    return delegate.getCertificateChain(requested);
  }

  @Override
  public PrivateKey getPrivateKey(String requested) {
    return delegate.getPrivateKey(requested);
  }
}
