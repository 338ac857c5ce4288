/**
 * The one-command demo: a coordinator and three hospital nodes as four Open Liberty servers on
 * loopback, each site's data imported through its node's REST API, the federated steps, the
 * leaderboard and report, and a clean stop of every server, also on Ctrl-C or failure.
 */
package org.transitionnet.cli.demo;
