/**
 * The coordinator's running federation: the library's {@code Coordinator} over the JPA store,
 * started with the application, resuming unfinished jobs, and running submitted ones.
 */
package org.transitionnet.coordinator.jobs;
