package org.transitionnet.model;

/** A model spec text that names no model this build can make; the message says what is wrong. */
public class ModelSpecException extends Exception {

  private static final long serialVersionUID = 1L;

  public ModelSpecException(String message) {
    super(message);
  }
}
