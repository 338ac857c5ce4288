/**
 * The site's privacy ledger in the node: its rows in the node's database, its budget from the
 * configuration, and the REST view the hospital reads it through.
 */
package org.transitionnet.node.privacy;
