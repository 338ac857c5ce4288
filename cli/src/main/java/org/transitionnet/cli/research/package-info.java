/**
 * The researcher's commands: jobs against the coordinator's REST API ({@code tnet job submit,
 * watch, list, leaderboard, model}) and what-if questions of a model ({@code tnet whatif}).
 */
package org.transitionnet.cli.research;
