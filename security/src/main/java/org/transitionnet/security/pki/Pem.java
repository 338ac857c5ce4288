package org.transitionnet.security.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for what the consortium stores and exchanges: certificates, certificate requests and
 * CRLs. Databases and files can hold the text; the DER bytes are what is signed.
 */
public final class Pem {

  public static final String CERTIFICATE = "CERTIFICATE";
  public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
  public static final String CRL = "X509 CRL";

  private Pem() {}

  /** One PEM block of the given type around DER bytes. */
  public static String encode(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static String encode(X509Certificate certificate) {
    try {
      return encode(CERTIFICATE, certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  public static String encode(X509CRL crl) {
    try {
      return encode(CRL, crl.getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException("CRL cannot be encoded", e);
    }
  }

  /** The DER contents of every PEM block of the given type, in order. */
  public static List<byte[]> decodeAll(String pem, String type) {
    List<byte[]> blocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      for (PemObject object = reader.readPemObject();
          object != null;
          object = reader.readPemObject()) {
        if (object.getType().equals(type)) {
          blocks.add(object.getContent());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not PEM text: " + e.getMessage(), e);
    }
    return blocks;
  }

  /** Certificates from PEM text (a chain is leaf first). */
  public static List<X509Certificate> certificates(String pem) throws CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (byte[] der : decodeAll(pem, CERTIFICATE)) {
      certificates.add(certificate(der));
    }
    return certificates;
  }

  /** A certificate from its DER bytes. */
  public static X509Certificate certificate(byte[] der) throws CertificateException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** A CRL from PEM text. */
  public static X509CRL crl(String pem) throws CRLException {
    List<byte[]> blocks = decodeAll(pem, CRL);
    if (blocks.size() != 1) {
      throw new CRLException("expected one " + CRL + " block, found " + blocks.size());
    }
    try {
      return (X509CRL)
          CertificateFactory.getInstance("X.509")
              .generateCRL(new ByteArrayInputStream(blocks.get(0)));
    } catch (CertificateException e) {
      throw new CRLException(e);
    }
  }
}
