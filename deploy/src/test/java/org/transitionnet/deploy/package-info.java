/** Checks of the deployment artefacts (Liberty configs, compose, Kubernetes) and the demo IT. */
package org.transitionnet.deploy;
