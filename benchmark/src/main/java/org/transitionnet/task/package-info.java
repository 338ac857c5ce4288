/**
 * Benchmark tasks: which variables are targets and inputs, the comparison of arms, subject-level
 * splits, and the partition of records into simulated sites.
 */
package org.transitionnet.task;
