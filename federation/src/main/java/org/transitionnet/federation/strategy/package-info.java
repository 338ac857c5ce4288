/** Server-side strategies: how a round's weighted mean update becomes the next global model. */
package org.transitionnet.federation.strategy;
