/**
 * The consortium's public-key infrastructure: the certificate authority that signs site
 * certificates and revokes them, the site identity (key pair, request, keystore), and one-time
 * enrollment tokens.
 */
package org.transitionnet.security.pki;
