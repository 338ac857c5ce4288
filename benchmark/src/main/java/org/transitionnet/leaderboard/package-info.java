/**
 * The leaderboard of TransitionNet §8: methods with their results per site, pooled and worst site,
 * as records, and their contract JSON ({@code leaderboard.json}) and Markdown forms.
 */
package org.transitionnet.leaderboard;
