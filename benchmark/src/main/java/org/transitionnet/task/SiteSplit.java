package org.transitionnet.task;

import java.util.List;
import org.transitionnet.record.TransitionRecord;

/** One site's training and test records. */
public record SiteSplit(String site, List<TransitionRecord> train, List<TransitionRecord> test) {

  public SiteSplit {
    train = List.copyOf(train);
    test = List.copyOf(test);
  }
}
