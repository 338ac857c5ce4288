/**
 * How the coordinator combines the sites' updates of a round into their weighted mean: the seam
 * where secure aggregation plugs in, and the plain streaming implementation.
 */
package org.transitionnet.federation.aggregation;
