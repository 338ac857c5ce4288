/**
 * The statistics step of a job: before round 1 every participating site returns the counts, sums
 * and sums of squares of its training split's standardized quantities; the coordinator adds them
 * into the pooled statistics every site then encodes its data with.
 */
package org.transitionnet.federation.statistics;
