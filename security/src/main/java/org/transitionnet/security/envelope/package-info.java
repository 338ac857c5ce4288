/**
 * Authenticated encryption envelopes (AES-GCM) whose associated data binds a ciphertext to its job,
 * round, sender and receiver; keys live behind handles, not in callers' byte arrays.
 */
package org.transitionnet.security.envelope;
