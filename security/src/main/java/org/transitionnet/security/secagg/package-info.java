/**
 * Secure aggregation (Bonawitz et al., CCS 2017, with the SecAgg+ neighbour graph of Bell et al.,
 * CCS 2020): both roles as transport-free state machines that take message records and return
 * message records, so the coordinator learns only the sum of the surviving sites' updates.
 */
package org.transitionnet.security.secagg;
