/**
 * The consortium's certificate authority and one-time enrollment tokens as the coordinator runs
 * them: issue tokens, enroll sites, revoke them with effect on the next handshake.
 */
package org.transitionnet.coordinator.enrollment;
