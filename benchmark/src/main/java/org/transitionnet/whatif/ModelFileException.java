package org.transitionnet.whatif;

/** A model or evidence file that cannot be read: names the file and what is wrong. */
public final class ModelFileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String source;

  public ModelFileException(String source, String reason) {
    super(source + ": " + reason);
    this.source = source;
  }

  public String source() {
    return source;
  }
}
