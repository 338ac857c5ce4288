/**
 * Netty TLS contexts for the federation's two ports (mutual TLS 1.3 for the site streams,
 * server-authenticated TLS for enrollment) built from the security module's key and trust managers,
 * and the certificate-based site authenticator.
 */
package org.transitionnet.federation.tls;
