package org.transitionnet.federation.privacy;

import java.util.ArrayList;
import java.util.List;

/** A ledger store in memory (the simulator, tests). Thread-safe. */
public final class InMemoryLedgerStore implements LedgerStore {

  private final List<LedgerEntry> entries = new ArrayList<>();

  @Override
  public synchronized List<LedgerEntry> load(String consortium) {
    return entries.stream().filter(e -> e.consortium().equals(consortium)).toList();
  }

  @Override
  public synchronized void append(LedgerEntry entry) {
    entries.add(entry);
  }
}
