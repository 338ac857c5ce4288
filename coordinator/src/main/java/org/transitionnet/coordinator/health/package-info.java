/** MicroProfile Health checks: ready when the database answers and the gRPC ports are open. */
package org.transitionnet.coordinator.health;
