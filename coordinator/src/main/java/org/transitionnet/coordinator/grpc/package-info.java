/**
 * The coordinator's embedded gRPC endpoints: the federation port (mutual TLS 1.3, sites dial out to
 * it) and the enrollment port (server-authenticated TLS), started and stopped with the application.
 */
package org.transitionnet.coordinator.grpc;
