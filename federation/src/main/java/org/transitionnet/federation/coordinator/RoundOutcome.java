package org.transitionnet.federation.coordinator;

import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.RoundRecord;

/** How one round attempt ended. */
public sealed interface RoundOutcome {

  RoundId round();

  /** The round completed; its record and model are stored. */
  record Completed(RoundId round, RoundRecord record, ModelVersion model) implements RoundOutcome {}

  /** The attempt produced no model; nothing was stored, the round may run again. */
  record Failed(RoundId round, String reason) implements RoundOutcome {}
}
