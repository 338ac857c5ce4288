/**
 * The TransitionNet data contract in plain Java: a {@link
 * org.transitionnet.record.TransitionRecord} is one observed transition {@code S(t) + A -> S(t +
 * dt)}, with its protobuf and canonical JSON forms in {@link
 * org.transitionnet.record.TransitionRecordCodec}.
 */
package org.transitionnet.record;
