package org.transitionnet.node.federation;

import java.util.List;
import org.transitionnet.record.TransitionRecord;

/** The stored records of a dataset, as local training reads them. */
public interface DatasetRecords {

  List<TransitionRecord> records(String dataset);
}
