/** The demo's outputs: {@code leaderboard.json} and a self-contained HTML report with SVG plots. */
package org.transitionnet.cli.demo.report;
