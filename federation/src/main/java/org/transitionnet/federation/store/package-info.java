/**
 * The coordinator's durable state (sites, jobs, rounds, model versions) behind repository
 * interfaces, with in-memory implementations; the coordinator WAR adds JPA ones.
 */
package org.transitionnet.federation.store;
