/**
 * Differential privacy at a site: record-level DP-SGD training, and the site's persistent privacy
 * ledger that every DP training task and evaluation release is charged to and that refuses a task
 * which would take the site past its budget.
 */
package org.transitionnet.federation.privacy;
