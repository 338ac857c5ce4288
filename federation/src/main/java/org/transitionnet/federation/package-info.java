/**
 * The federation protocol of TransitionNet: coordinator round logic, site agents, strategies and
 * the gRPC transport, as plain Java so the same code runs in tests, the simulator and Liberty.
 */
package org.transitionnet.federation;
