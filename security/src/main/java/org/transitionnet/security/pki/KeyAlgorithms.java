package org.transitionnet.security.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** The consortium's key and signature choices: EC P-256 with ECDSA-SHA256 by default. */
final class KeyAlgorithms {

  static final String CURVE = "secp256r1";

  private KeyAlgorithms() {}

  static KeyPair newP256KeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 unavailable in this JDK", e);
    }
  }

  /** The JCA signature algorithm for a key: ECDSA-SHA256, Ed25519 or RSA-SHA256. */
  static String signatureAlgorithm(java.security.Key key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("unsupported key " + key.getAlgorithm());
    };
  }

  /** Refuses key types and sizes the consortium does not accept in certificates. */
  static void requireAcceptable(PublicKey key) throws InvalidKeyException {
    if (key instanceof ECPublicKey ec) {
      if (ec.getParams().getCurve().getField().getFieldSize() < 256) {
        throw new InvalidKeyException("EC key below 256 bits");
      }
    } else if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new InvalidKeyException("RSA key below 2048 bits");
      }
    } else if (!key.getAlgorithm().equals("Ed25519") && !key.getAlgorithm().equals("EdDSA")) {
      throw new InvalidKeyException("unsupported key algorithm " + key.getAlgorithm());
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(signatureAlgorithm(key));
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(signatureAlgorithm(key));
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
