package org.transitionnet.node.storage;

import java.util.Objects;
import org.transitionnet.record.TransitionRecord;

/**
 * A record with its {@link TransitionRecord#identityKey()}, computed once by the caller.
 *
 * @param identityKey the content key under the store's unique constraint
 * @param record the record to store
 */
public record KeyedRecord(String identityKey, TransitionRecord record) {

  public KeyedRecord {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(record, "record");
  }

  public static KeyedRecord of(TransitionRecord record) {
    return new KeyedRecord(record.identityKey(), record);
  }
}
