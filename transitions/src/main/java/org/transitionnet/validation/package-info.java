/**
 * What a dataset declares about its variables (a {@link
 * org.transitionnet.validation.VariableCatalog}) and the checks every transition record must pass
 * against it before it is stored ({@link org.transitionnet.validation.RecordValidator}).
 */
package org.transitionnet.validation;
