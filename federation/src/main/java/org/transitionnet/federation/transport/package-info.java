/**
 * The gRPC side of the protocol: the coordinator's service, the site's outbound connection with
 * reconnect, chunking of parameter vectors and the mapping between proto and domain types.
 */
package org.transitionnet.federation.transport;
