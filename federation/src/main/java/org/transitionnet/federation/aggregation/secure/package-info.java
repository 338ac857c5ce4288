/**
 * Secure aggregation (Bonawitz et al.) wired into federation rounds: the encoding of a site's
 * weighted update into the masked vector, the proto form of security's secagg records, and both
 * roles of one secure round over the sites' existing streams.
 */
package org.transitionnet.federation.aggregation.secure;
