/**
 * Enrollment over server-authenticated TLS: a site trades a one-time token and a PKCS#10 request
 * for its certificate chain.
 */
package org.transitionnet.federation.enrollment;
