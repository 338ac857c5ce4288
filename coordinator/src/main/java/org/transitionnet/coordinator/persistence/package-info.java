/**
 * JPA adapters of the federation library's repositories and of the coordinator's own state
 * (consortium authority, enrollment token hashes): what a restarted coordinator resumes from.
 */
package org.transitionnet.coordinator.persistence;
