/**
 * What-if questions of a trained transition model: the model file (flat parameters, feature
 * statistics, task, training reference, evidence), the predicted follow-up distribution of a
 * baseline state under every action with 50%/90% intervals, and the refusal of states far outside
 * the training data. Every answer is a research hypothesis, never a recommendation.
 */
package org.transitionnet.whatif;
