package io.mercury.common.id;

/** No method of the algorithm could produce an id: no usable DMI fields and no MAC addresses. */
public final class MercuryIdException extends Exception {
  public MercuryIdException(String message) {
    super(message);
  }
}
