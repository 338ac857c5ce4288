/**
 * Differential privacy: clipping and Gaussian noise for record-level (DP-SGD) and client-level
 * training, the Rényi accountant for the subsampled Gaussian mechanism, and per-site privacy
 * ledgers.
 */
package org.transitionnet.security.dp;
