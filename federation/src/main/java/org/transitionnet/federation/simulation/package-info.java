/**
 * A whole federation in one JVM over in-process gRPC, running the same protocol code as a real
 * deployment: the simulator and the protocol tests use it.
 */
package org.transitionnet.federation.simulation;
