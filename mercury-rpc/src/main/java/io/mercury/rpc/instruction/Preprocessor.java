package io.mercury.rpc.instruction;

import io.mercury.rpc.model.TaskCall;
import java.util.Map;

/**
 * Turns a preprocessor instruction ({@code {"preprocessor": name, ...}}) into the call for one target,
 * as the original's {@code @preprocessor} entries do.
 */
public interface Preprocessor {
  String name();

  String description();

  /**
   * The call for one target.
   *
   * @param mercuryId the target
   * @param instruction the whole instruction as submitted
   * @throws InstructionException when the instruction does not fit this target
   */
  TaskCall callFor(String mercuryId, Map<String, Object> instruction) throws InstructionException;
}
