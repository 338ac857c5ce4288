/**
 * The node's REST API (JAX-RS): datasets, their mappings, CSV and JSON imports, stored records and
 * import reports; failures answered as problem JSON (RFC 9457).
 */
package org.transitionnet.node.api;
