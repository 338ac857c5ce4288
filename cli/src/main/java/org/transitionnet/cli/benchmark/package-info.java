/** {@code tnet benchmark} and {@code tnet bench}: the local benchmark and training throughput. */
package org.transitionnet.cli.benchmark;
