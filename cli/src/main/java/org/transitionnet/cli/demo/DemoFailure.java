package org.transitionnet.cli.demo;

/**
 * An expected way for the demo to fail (runtime not built, a server that does not become ready, a
 * refused import): the message says what went wrong and, where there is one, what to do.
 */
public class DemoFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public DemoFailure(String message) {
    super(message);
  }

  public DemoFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
