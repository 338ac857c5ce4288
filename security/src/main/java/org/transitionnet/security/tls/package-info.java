/**
 * Mutual TLS 1.3 contexts, key managers and trust managers whose only trust anchor is the
 * consortium root and which refuse unknown, expired and revoked certificates.
 */
package org.transitionnet.security.tls;
