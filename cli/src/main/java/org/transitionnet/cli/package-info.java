/** {@code tnet}, the command line: the picocli top command and its sub-commands, one class each. */
package org.transitionnet.cli;
