/**
 * The operators' and researchers' REST API (JAX-RS, JSON-B): enrollment tokens, sites, revocation,
 * jobs and their rounds, model downloads, leaderboards.
 */
package org.transitionnet.coordinator.rest;
