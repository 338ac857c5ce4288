/**
 * The coordinator's role: connected sites, job offers, rounds that close on quorum or deadline,
 * strategies applied to the aggregate, and atomic storage of each completed round.
 */
package org.transitionnet.federation.coordinator;
