/** Federated jobs: what a researcher asked for, and the identity of one round of it. */
package org.transitionnet.federation.job;
