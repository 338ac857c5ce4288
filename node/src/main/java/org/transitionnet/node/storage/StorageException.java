package org.transitionnet.node.storage;

/** The database refused or failed a write or read; the request's transaction is rolled back. */
public class StorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
