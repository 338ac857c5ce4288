/**
 * FHIR R4 ingestion: streams Bulk Data NDJSON exports and Bundles through HAPI FHIR, keeps only
 * what an {@link org.transitionnet.fhir.ExtractionTask} asks for, and pairs it into transition
 * records; the entry point is {@link org.transitionnet.fhir.FhirImporter}.
 */
package org.transitionnet.fhir;
