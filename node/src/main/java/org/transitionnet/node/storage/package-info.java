/**
 * Where the node keeps its datasets, transition records and import reports: the {@link
 * org.transitionnet.node.storage.TransitionStore} port and its JPA adapter.
 */
package org.transitionnet.node.storage;
