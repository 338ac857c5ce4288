/**
 * The site's role: judging job offers by the site's policy, training locally from the global model
 * when a round asks, and sending back the update in chunks.
 */
package org.transitionnet.federation.site;
