/**
 * Turning transition records into model inputs and targets: additive feature statistics (so a
 * federation can standardize without pooling), the encoder and the encoded example.
 */
package org.transitionnet.features;
