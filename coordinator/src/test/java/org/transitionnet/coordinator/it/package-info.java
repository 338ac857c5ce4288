/** Integration tests against real Open Liberty servers: one coordinator, two hospital nodes. */
package org.transitionnet.coordinator.it;
