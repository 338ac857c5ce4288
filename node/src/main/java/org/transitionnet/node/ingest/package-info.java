/**
 * The node's import rules in plain Java: what a request stores, what it refuses, and why — atomic
 * per request, all-or-nothing on demand, idempotent on re-import.
 */
package org.transitionnet.node.ingest;
