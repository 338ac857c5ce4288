package org.transitionnet.node.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.transitionnet.node.storage.TransitionStore;
import org.transitionnet.record.TransitionRecord;

/** Reads a dataset's stored transitions for local training, in one read transaction. */
@ApplicationScoped
public class TrainingData implements DatasetRecords {

  private static final int PAGE = 1000;

  @Inject TransitionStore store;

  @Override
  @Transactional
  public List<TransitionRecord> records(String dataset) {
    List<TransitionRecord> all = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<TransitionRecord> page = store.page(dataset, offset, PAGE);
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
    }
  }
}
