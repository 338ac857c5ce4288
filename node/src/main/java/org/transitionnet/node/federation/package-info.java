/**
 * The node's federation adapter: enrolls with the coordinator, keeps the site's key and chain in a
 * PKCS#12 keystore, runs the federation library's site agent on an outbound mutual-TLS stream (no
 * inbound port), trains on the node's stored transitions, and keeps a hash-chained audit log of
 * every message that left the site.
 */
package org.transitionnet.node.federation;
