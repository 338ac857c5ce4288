/**
 * UCUM units: validity and conversion, backed by the UCUM essence definitions that ship inside the
 * {@code org.fhir:ucum} jar, so no unit is defined by hand.
 */
package org.transitionnet.units;
