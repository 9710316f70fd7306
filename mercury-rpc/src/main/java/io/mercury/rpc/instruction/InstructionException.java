package io.mercury.rpc.instruction;

/** An instruction that cannot be turned into tasks; the message says what is wrong, for the operator. */
public final class InstructionException extends Exception {
  public InstructionException(String message) {
    super(message);
  }
}
