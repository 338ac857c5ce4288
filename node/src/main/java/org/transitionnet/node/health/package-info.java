/** MicroProfile Health checks: the node is ready only when its database answers a query. */
package org.transitionnet.node.health;
