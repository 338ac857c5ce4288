/**
 * Mapping files (how a CSV becomes transition records) and the CSV importer that applies them: a
 * never-seen tabular dataset imports by writing only a {@link org.transitionnet.mapping.Mapping}.
 */
package org.transitionnet.mapping;
