package org.transitionnet.federation.privacy;

import java.util.List;

/**
 * Where a site's privacy ledger is kept: the node's database in production (a restarted node must
 * remember every charge), memory in the simulator and tests.
 */
public interface LedgerStore {

  /** Every stored entry of a consortium, oldest first. */
  List<LedgerEntry> load(String consortium);

  /** Appends an entry; it must be durable when this returns. */
  void append(LedgerEntry entry);
}
