package org.transitionnet.node.storage;

import java.time.Instant;

/**
 * What the node holds of one dataset.
 *
 * @param name the dataset's name
 * @param records transition records stored
 * @param imports imports reported (accepted or refused)
 * @param mappingVersion the version of the mapping in force
 * @param updatedAt when the mapping was last put
 */
public record DatasetSummary(
    String name, long records, long imports, String mappingVersion, Instant updatedAt) {}
