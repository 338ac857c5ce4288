/**
 * The cross-site matrix: each site's local model evaluated at every site (from the sites' additive
 * metric sums), and its {@code cross_site} extension of the leaderboard JSON.
 */
package org.transitionnet.crosssite;
