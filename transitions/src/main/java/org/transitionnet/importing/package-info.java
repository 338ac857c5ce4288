/**
 * What every importer (CSV mapping, JSON, FHIR) reports: the records it made and each rejected row
 * or resource with the place, the field and the reason.
 */
package org.transitionnet.importing;
